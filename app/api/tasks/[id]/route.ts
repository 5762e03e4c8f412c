// GET /api/tasks/:id: one task with its videos. PATCH: star, tags, notes, rating.
// DELETE: forget it (row, videos, archived files).
import { taskEditSchema } from "@/lib/schemas/task-edit";
import { json, readBody, route } from "@/lib/server/http/route";
import { deleteTask, editTask, getTask } from "@/lib/server/tasks/lifecycle";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

/** Tags, notes and a rating fit in far less; anything bigger is not an edit. */
const EDIT_MAX_BYTES = 64 * 1024;

export const GET = route<Ctx>("GET /api/tasks/:id", async (_req, ctx) => {
  const { id } = await ctx.params;
  return json({ task: await getTask(id) });
});

export const PATCH = route<Ctx>("PATCH /api/tasks/:id", async (req, ctx, actor) => {
  const { id } = await ctx.params;
  const edit = await readBody(req, taskEditSchema, EDIT_MAX_BYTES);
  return json({ task: await editTask(id, edit, actor) });
});

export const DELETE = route<Ctx>("DELETE /api/tasks/:id", async (_req, ctx, actor) => {
  const { id } = await ctx.params;
  await deleteTask(id, actor);
  return json({ id, deleted: true });
});
