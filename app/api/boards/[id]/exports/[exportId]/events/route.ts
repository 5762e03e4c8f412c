// GET /api/boards/:id/exports/:exportId/events: the export's progress as Server-Sent Events
// (`event: export`, the whole export each time it changes), closed once it has ended.
import { exportEventStream } from "@/lib/server/storyboard/film-exports";
import { route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string; exportId: string }> };

export const GET = route<Ctx>("GET /api/boards/:id/exports/:exportId/events", async (req, ctx) => {
  const { id, exportId } = await ctx.params;
  return exportEventStream(id, exportId, req.signal);
});
