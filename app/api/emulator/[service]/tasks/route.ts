// Emulated upstream: POST /<service>/tasks (retrieve, retrieve_batch) for each AceData video service.
import { isService } from "@/lib/emulator/services";
import { withEmulator } from "../../instance";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ service: string }> };

export async function POST(req: Request, { params }: Params) {
  const { service } = await params;
  return withEmulator((emulator) =>
    isService(service) ? emulator.tasks(req, service) : Promise.resolve(emulator.noApi()),
  );
}
