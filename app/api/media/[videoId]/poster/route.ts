// GET|HEAD /api/media/:videoId/poster: the video's first frame as a JPEG, 404 until it exists.
import { route } from "@/lib/server/http/route";
import { servePoster } from "@/lib/server/media/serve-video";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ videoId: string }> };
const serve = route<Ctx>("GET /api/media/:videoId/poster", async (req, ctx) =>
  servePoster((await ctx.params).videoId, req),
);
export const GET = serve;
export const HEAD = serve;
