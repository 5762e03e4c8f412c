// GET /api/boards/:id/exports: the board's latest film exports. POST: render the film as the
// board stands (202 + the queued export; 409 naming the shots that are not ready).
import { listExports, requestExport } from "@/lib/server/storyboard/film-exports";
import { json, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>("GET /api/boards/:id/exports", async (_req, ctx) => {
  const { id } = await ctx.params;
  return json({ exports: await listExports(id) });
});

export const POST = route<Ctx>("POST /api/boards/:id/exports", async (_req, ctx, actor) => {
  const { id } = await ctx.params;
  return json({ export: await requestExport(id, actor) }, { status: 202 });
});
