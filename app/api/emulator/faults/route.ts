// Emulator failure injection: GET lists, POST {faults:[…]} arms, DELETE clears (Bearer required).
import { withEmulator } from "../instance";

export const dynamic = "force-dynamic";
const handle = (req: Request) => withEmulator((emulator) => emulator.faultsRoute(req));
export const GET = handle;
export const POST = handle;
export const DELETE = handle;
