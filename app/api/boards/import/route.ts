// POST /api/boards/import: a shared storyboard file (GET /api/boards/:id/file) becomes a new
// board here; 201 + the board and notes on anything left out.
import { BOARD_FILE_MAX_BYTES } from "@/lib/schemas/board-requests";
import { importBoardFile } from "@/lib/server/storyboard/board-file";
import { json, readJson, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const POST = route("POST /api/boards/import", async (req, _ctx, actor) => {
  return json(await importBoardFile(await readJson(req, BOARD_FILE_MAX_BYTES), actor), { status: 201 });
});
