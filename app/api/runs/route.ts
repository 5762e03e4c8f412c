// POST /api/runs: a batch of variations of one request, stored as one run; 201 + the run id and its tasks.
import { REQUEST_BODY_MAX_BYTES } from "@/lib/schemas/rules";
import { runBodySchema } from "@/lib/schemas/variations";
import { json, readBody, route } from "@/lib/server/http/route";
import { createRun } from "@/lib/server/tasks/runs";

export const dynamic = "force-dynamic";

/** The variations next to the request are a few hundred bytes at most. */
const RUN_BODY_MAX_BYTES = REQUEST_BODY_MAX_BYTES + 4096;

export const POST = route("POST /api/runs", async (req, _ctx, actor) => {
  const body = await readBody(req, runBodySchema, RUN_BODY_MAX_BYTES);
  return json(await createRun(body, actor), { status: 201 });
});
