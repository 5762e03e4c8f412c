// POST /api/boards/import: a shared storyboard file (GET /api/boards/:id/file) becomes a new
// board here; 201 + the board and notes on anything left out.
import { BOARD_FILE_MAX_BYTES, boardFileSchema } from "@/lib/schemas/board-requests";
import { assertStoryboardFile, importBoardFile } from "@/lib/server/storyboard/board-file";
import { json, readBody, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const POST = route("POST /api/boards/import", async (req, _ctx, actor) => {
  const file = await readBody(req, boardFileSchema, BOARD_FILE_MAX_BYTES, { before: assertStoryboardFile });
  return json(await importBoardFile(file, actor), { status: 201 });
});
