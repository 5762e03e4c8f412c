// GET /api/boards: the storyboards, most recently used first. POST: a new, empty one ({ title? }).
import { json, readJson, route } from "@/lib/server/http/route";
import { createEmptyBoard, listBoards } from "@/lib/server/storyboard/boards";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/boards", async () => json({ boards: await listBoards() }));

export const POST = route("POST /api/boards", async (req, _ctx, actor) => {
  return json(await createEmptyBoard(await readJson(req, 4096), actor), { status: 201 });
});
