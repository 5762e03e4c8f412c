// GET /api/tasks: the gallery's list, newest first, with cursor pagination, filters and search.
import { LIST_LIMIT_DEFAULT, taskFilterSchema } from "@/lib/schemas/task-filter";
import { json, readQuery, route } from "@/lib/server/http/route";
import { listTasks } from "@/lib/server/tasks/lifecycle";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/tasks", async (req, _ctx, actor) => {
  const { owner, ...filter } = readQuery(req, taskFilterSchema);
  // "Mine" is the signed-in account's; with sign-in off every task is the one user's.
  const ownerId = owner === "me" && actor.id ? actor.id : undefined;
  return json(await listTasks({ ...filter, ownerId, limit: filter.limit ?? LIST_LIMIT_DEFAULT }));
});
