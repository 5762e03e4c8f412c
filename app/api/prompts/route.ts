// GET /api/prompts?q=&tag=: the library, each prompt with its latest version. POST: a new prompt (version 1).
import { createPromptSchema, promptListQuerySchema } from "@/lib/schemas/prompt";
import { json, readBody, readQuery, route } from "@/lib/server/http/route";
import { createPrompt, listLibrary } from "@/lib/server/prompts/library";

export const dynamic = "force-dynamic";

/** A name, tags, a note and one prompt text fit in far less. */
const PROMPT_BODY_MAX_BYTES = 64 * 1024;

export const GET = route("GET /api/prompts", async (req) => {
  const filter = readQuery(req, promptListQuerySchema);
  return json({ items: await listLibrary(filter) });
});

export const POST = route("POST /api/prompts", async (req) => {
  const body = await readBody(req, createPromptSchema, PROMPT_BODY_MAX_BYTES);
  return json({ prompt: await createPrompt(body) }, { status: 201 });
});
