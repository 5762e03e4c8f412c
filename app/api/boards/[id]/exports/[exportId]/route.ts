// GET /api/boards/:id/exports/:exportId: one export. DELETE: cancel it (a running render stops at once).
import { cancelExport, getExport } from "@/lib/server/storyboard/film-exports";
import { json, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string; exportId: string }> };

export const GET = route<Ctx>("GET /api/boards/:id/exports/:exportId", async (_req, ctx) => {
  const { id, exportId } = await ctx.params;
  return json({ export: await getExport(id, exportId) });
});

export const DELETE = route<Ctx>("DELETE /api/boards/:id/exports/:exportId", async (_req, ctx, actor) => {
  const { id, exportId } = await ctx.params;
  return json({ export: await cancelExport(id, exportId, actor) });
});
