// DELETE /api/boards/:id/waits/:shotId: a shot stops waiting for the one before it (or its
// ended wait's message is dismissed).
import { clearWait } from "@/lib/server/storyboard/boards";
import { json, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string; shotId: string }> };

export const DELETE = route<Ctx>("DELETE /api/boards/:id/waits/:shotId", async (_req, ctx, actor) => {
  const { id, shotId } = await ctx.params;
  await clearWait(id, shotId, actor);
  return json({ id, shotId, cleared: true });
});
