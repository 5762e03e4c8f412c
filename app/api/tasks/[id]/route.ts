// GET /api/tasks/:id: one task with its videos. PATCH: star, tags, notes, rating.
// DELETE: forget it (row, videos, archived files).
import { taskEditSchema } from "@/lib/schemas/task-edit";
import { type IdParams, json, readBody, route } from "@/lib/server/http/route";
import { deleteTask, editTask, getTask } from "@/lib/server/tasks/lifecycle";

export const dynamic = "force-dynamic";

/** Tags, notes and a rating fit in far less; anything bigger is not an edit. */
const EDIT_MAX_BYTES = 64 * 1024;

export const GET = route<IdParams>("GET /api/tasks/:id", async (_req, ctx) => {
  const { id } = await ctx.params;
  return json({ task: await getTask(id) });
});

export const PATCH = route<IdParams>("PATCH /api/tasks/:id", async (req, ctx, actor) => {
  const { id } = await ctx.params;
  const edit = await readBody(req, taskEditSchema, EDIT_MAX_BYTES);
  return json({ task: await editTask(id, edit, actor) });
});

export const DELETE = route<IdParams>("DELETE /api/tasks/:id", async (_req, ctx, actor) => {
  const { id } = await ctx.params;
  await deleteTask(id, actor);
  return json({ id, deleted: true });
});
