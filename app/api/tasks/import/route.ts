// POST /api/tasks/import {task_id}: adopt a task created elsewhere; 201 when new, 200 when already here.
import { json, readJson, route } from "@/lib/server/http/route";
import { importTask } from "@/lib/server/tasks/import-by-task-id";

export const dynamic = "force-dynamic";

export const POST = route("POST /api/tasks/import", async (req, _ctx, actor) => {
  const { task, created } = await importTask(await readJson(req, 16 * 1024), actor);
  return json({ task, created }, { status: created ? 201 : 200 });
});
