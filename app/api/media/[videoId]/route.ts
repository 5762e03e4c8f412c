// GET|HEAD /api/media/:videoId: the video bytes, streamed with Range support.
import { route } from "@/lib/server/http/route";
import { streamVideo } from "@/lib/server/media/serve-video";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ videoId: string }> };
const serve = route<Ctx>("GET /api/media/:videoId", async (req, ctx) => streamVideo((await ctx.params).videoId, req));
export const GET = serve;
export const HEAD = serve;
