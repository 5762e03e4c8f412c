// GET /api/boards/:id/file: the storyboard as one JSON file to share (uploads inline), as a download.
import { exportBoardFile } from "@/lib/server/storyboard/board-file";
import { attachmentDisposition, type IdParams, json, route } from "@/lib/server/http/route";
import { promptSlug } from "@/lib/shared/download-name";

export const dynamic = "force-dynamic";

export const GET = route<IdParams>("GET /api/boards/:id/file", async (_req, ctx) => {
  const { id } = await ctx.params;
  const { file, title } = await exportBoardFile(id);
  const name = `${promptSlug(title) || "storyboard"}.storyboard.json`;
  return json(file, { headers: { "content-disposition": attachmentDisposition(name) } });
});
