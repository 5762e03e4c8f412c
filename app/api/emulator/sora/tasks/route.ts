// Emulated upstream: POST /sora/tasks (retrieve, retrieve_batch).
import { withEmulator } from "../../instance";

export const dynamic = "force-dynamic";
export const POST = (req: Request) => withEmulator((emulator) => emulator.tasks(req));
