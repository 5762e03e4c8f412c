// GET /api/tasks: the gallery's list, newest first, with cursor pagination, filters and search.
import { LIST_LIMIT_DEFAULT, taskFilterSchema } from "@/lib/schemas/task-filter";
import { json, route } from "@/lib/server/http";
import { listTasks } from "@/lib/server/tasks";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/tasks", async (req) => {
  const filter = taskFilterSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return json(await listTasks({ ...filter, limit: filter.limit ?? LIST_LIMIT_DEFAULT }));
});
