// POST /api/boards/:id/generate { shots: "all" | "missing" | [shot ids] }: submits those shots
// through the normal queue; 201 + what started, what waits for the shot before it, what was skipped and why.
import { generateBodySchema } from "@/lib/schemas/board-requests";
import { generateShots } from "@/lib/server/storyboard/boards";
import { type IdParams, json, readBody, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const POST = route<IdParams>("POST /api/boards/:id/generate", async (req, ctx, actor) => {
  const { id } = await ctx.params;
  const body = await readBody(req, generateBodySchema, 8192);
  return json(await generateShots(id, body, actor), { status: 201 });
});
