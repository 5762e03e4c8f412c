// POST /api/tasks/import {task_id}: adopt a task created elsewhere; 201 when new, 200 when already here.
import { taskImportSchema } from "@/lib/schemas/task-import";
import { json, readBody, route } from "@/lib/server/http/route";
import { importTask } from "@/lib/server/tasks/import-by-task-id";

export const dynamic = "force-dynamic";

export const POST = route("POST /api/tasks/import", async (req, _ctx, actor) => {
  const body = await readBody(req, taskImportSchema, 16 * 1024);
  const { task, created } = await importTask(body, actor);
  return json({ task, created }, { status: created ? 201 : 200 });
});
