// Emulated upstream: POST /sora/videos (create).
import { withEmulator } from "../../instance";

export const dynamic = "force-dynamic";
export const POST = (req: Request) => withEmulator((emulator) => emulator.videos(req));
