// GET /api/boards/:id: the board, each shot's takes and waiting shots. PUT { version, board }:
// save the whole document (409 when it changed since that version). DELETE: remove the board
// (its takes stay in the gallery).
import { BOARD_BODY_MAX_BYTES } from "@/lib/schemas/board";
import { boardSaveSchema } from "@/lib/schemas/board-requests";
import { deleteBoard, getBoardView, saveBoard } from "@/lib/server/storyboard/boards";
import { type IdParams, json, readBody, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const GET = route<IdParams>("GET /api/boards/:id", async (_req, ctx) => {
  const { id } = await ctx.params;
  return json(await getBoardView(id));
});

export const PUT = route<IdParams>("PUT /api/boards/:id", async (req, ctx, actor) => {
  const { id } = await ctx.params;
  const body = await readBody(req, boardSaveSchema, BOARD_BODY_MAX_BYTES);
  return json(await saveBoard(id, body, actor));
});

export const DELETE = route<IdParams>("DELETE /api/boards/:id", async (_req, ctx, actor) => {
  const { id } = await ctx.params;
  await deleteBoard(id, actor);
  return json({ id, deleted: true });
});
