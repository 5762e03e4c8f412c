// GET /api/prompts/:id: a library prompt with all its versions. PATCH: its name and tags. DELETE: it and its versions.
import { editPromptSchema } from "@/lib/schemas/prompt";
import { type IdParams, json, readBody, route } from "@/lib/server/http/route";
import { deletePrompt, editPrompt, getPrompt } from "@/lib/server/prompts/library";

export const dynamic = "force-dynamic";

const EDIT_MAX_BYTES = 16 * 1024;

export const GET = route<IdParams>("GET /api/prompts/:id", async (_req, ctx) => {
  const { id } = await ctx.params;
  return json({ prompt: await getPrompt(id) });
});

export const PATCH = route<IdParams>("PATCH /api/prompts/:id", async (req, ctx) => {
  const { id } = await ctx.params;
  const edit = await readBody(req, editPromptSchema, EDIT_MAX_BYTES);
  return json({ prompt: await editPrompt(id, edit) });
});

export const DELETE = route<IdParams>("DELETE /api/prompts/:id", async (_req, ctx) => {
  const { id } = await ctx.params;
  await deletePrompt(id);
  return json({ id, deleted: true });
});
