// GET|HEAD /api/uploads/:id: an uploaded file's bytes (no auth: AceData fetches these), with ETag and Range.
import { type IdParams, publicRoute } from "@/lib/server/http/route";
import { serveUpload } from "@/lib/server/media/uploads";

export const dynamic = "force-dynamic";

const serve = publicRoute<IdParams>("GET /api/uploads/:id", async (req, ctx) =>
  serveUpload((await ctx.params).id, req),
);
export const GET = serve;
export const HEAD = serve;
