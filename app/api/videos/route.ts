// POST /api/videos: validate a generation, store it, submit it upstream (async), answer 202 + the task.
import { generationSchema } from "@/lib/schemas/generation";
import { REQUEST_BODY_MAX_BYTES } from "@/lib/schemas/rules";
import { AppError } from "@/lib/server/platform/errors";
import { json, readBody, route } from "@/lib/server/http/route";
import { createGeneration } from "@/lib/server/tasks/lifecycle";

export const dynamic = "force-dynamic";

export const POST = route("POST /api/videos", async (req, _ctx, actor) => {
  const request = await readBody(req, generationSchema, REQUEST_BODY_MAX_BYTES);
  const { task, failure } = await createGeneration(request, actor);
  // A refusal that will not be retried (auth, balance, moderation) is an error for the caller,
  // but the task stays stored with its reason, so nothing the user wrote is lost.
  if (failure && task.state === "failed") {
    throw new AppError(failure.code, failure.message, { ...failure.extra, body: { task } });
  }
  return json({ task }, { status: 202 });
});
