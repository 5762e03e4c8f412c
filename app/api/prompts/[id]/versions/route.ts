// POST /api/prompts/:id/versions: a new version (the next number); one equal to the latest is refused (409).
import { newVersionSchema } from "@/lib/schemas/prompt";
import { type IdParams, json, readBody, route } from "@/lib/server/http/route";
import { addVersion } from "@/lib/server/prompts/library";

export const dynamic = "force-dynamic";

const VERSION_MAX_BYTES = 64 * 1024;

export const POST = route<IdParams>("POST /api/prompts/:id/versions", async (req, ctx) => {
  const { id } = await ctx.params;
  const body = await readBody(req, newVersionSchema, VERSION_MAX_BYTES);
  return json({ version: await addVersion(id, body) }, { status: 201 });
});
