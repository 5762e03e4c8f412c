// Emulated upstream: the signed, expiring video URLs it hands out.
import { withEmulator } from "../../instance";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ name: string }> };
const serve = async (req: Request, ctx: Ctx) => {
  const { name } = await ctx.params;
  return withEmulator((emulator) => emulator.file(req, name));
};
export const GET = serve;
export const HEAD = serve;
