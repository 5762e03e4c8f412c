// GET /api/prompts/history?q=&cursor=&limit=: every prompt used in a task, newest use first, with its results.
import { HISTORY_LIMIT_DEFAULT, historyQuerySchema } from "@/lib/schemas/prompt";
import { json, readQuery, route } from "@/lib/server/http/route";
import { promptHistory } from "@/lib/server/prompts/library";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/prompts/history", async (req) => {
  const query = readQuery(req, historyQuerySchema);
  return json(await promptHistory({ ...query, limit: query.limit ?? HISTORY_LIMIT_DEFAULT }));
});
