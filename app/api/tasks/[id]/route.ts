// GET /api/tasks/:id: one task with its videos.
import { json, route } from "@/lib/server/http";
import { getTask } from "@/lib/server/tasks";

export const dynamic = "force-dynamic";

export const GET = route<{ params: Promise<{ id: string }> }>("GET /api/tasks/:id", async (_req, ctx) => {
  const { id } = await ctx.params;
  return json({ task: await getTask(id) });
});
