// POST /api/boards/:id/generate { shots: "all" | "missing" | [shot ids] }: submits those shots
// through the normal queue; 201 + what started, what waits for the shot before it, what was skipped and why.
import { generateShots } from "@/lib/server/storyboard/boards";
import { json, readJson, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

export const POST = route<Ctx>("POST /api/boards/:id/generate", async (req, ctx, actor) => {
  const { id } = await ctx.params;
  return json(await generateShots(id, await readJson(req, 8192), actor), { status: 201 });
});
