// Emulated upstream: POST /<service>/videos (create) for each AceData video service.
import { isService } from "@/lib/emulator/services";
import { withEmulator } from "../../instance";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ service: string }> };

export async function POST(req: Request, { params }: Params) {
  const { service } = await params;
  return withEmulator((emulator) =>
    isService(service) ? emulator.videos(req, service) : Promise.resolve(emulator.noApi()),
  );
}
