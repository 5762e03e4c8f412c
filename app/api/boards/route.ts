// GET /api/boards: the storyboards, most recently used first. POST: a new, empty one ({ title? }).
import { newBoardSchema } from "@/lib/schemas/board-requests";
import { json, readBody, route } from "@/lib/server/http/route";
import { createEmptyBoard, listBoards } from "@/lib/server/storyboard/boards";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/boards", async () => json({ boards: await listBoards() }));

export const POST = route("POST /api/boards", async (req, _ctx, actor) => {
  const body = await readBody(req, newBoardSchema, 4096);
  return json(await createEmptyBoard(body, actor), { status: 201 });
});
