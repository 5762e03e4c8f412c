// GET /api/prompts?q=&tag=: the library, each prompt with its latest version. POST: a new prompt (version 1).
import { promptListQuerySchema } from "@/lib/schemas/prompt";
import { json, readJson, route } from "@/lib/server/http/route";
import { createPrompt, listLibrary } from "@/lib/server/prompts/library";

export const dynamic = "force-dynamic";

/** A name, tags, a note and one prompt text fit in far less. */
const PROMPT_BODY_MAX_BYTES = 64 * 1024;

export const GET = route("GET /api/prompts", async (req) => {
  const filter = promptListQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return json({ items: await listLibrary(filter) });
});

export const POST = route("POST /api/prompts", async (req) => {
  return json({ prompt: await createPrompt(await readJson(req, PROMPT_BODY_MAX_BYTES)) }, { status: 201 });
});
