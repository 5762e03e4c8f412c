// GET /api/tasks/:id: one task with its videos. DELETE: forget it (row, videos, archived files).
import { json, route } from "@/lib/server/http";
import { deleteTask, getTask } from "@/lib/server/tasks";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>("GET /api/tasks/:id", async (_req, ctx) => {
  const { id } = await ctx.params;
  return json({ task: await getTask(id) });
});

export const DELETE = route<Ctx>("DELETE /api/tasks/:id", async (_req, ctx) => {
  const { id } = await ctx.params;
  await deleteTask(id);
  return json({ id, deleted: true });
});
