// GET /api/boards/:id/exports: the board's latest film exports. POST: render the film as the
// board stands (202 + the queued export; 409 naming the shots that are not ready).
import { listExports, requestExport } from "@/lib/server/storyboard/film-exports";
import { type IdParams, json, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const GET = route<IdParams>("GET /api/boards/:id/exports", async (_req, ctx) => {
  const { id } = await ctx.params;
  return json({ exports: await listExports(id) });
});

export const POST = route<IdParams>("POST /api/boards/:id/exports", async (_req, ctx, actor) => {
  const { id } = await ctx.params;
  return json({ export: await requestExport(id, actor) }, { status: 202 });
});
