import "server-only";
import { boardUploadRefs, type BoardDoc, type BoardView } from "@/lib/schemas/board";
import {
  BOARD_FILE_FORMAT,
  BOARD_FILE_UPLOADS_MAX_BYTES,
  BOARD_FILE_VERSION,
  type BoardFile,
} from "@/lib/schemas/board-requests";
import { UPLOAD_PATH_PREFIX } from "@/lib/schemas/rules";
import type { Actor } from "../auth/actor";
import { createBoard, getBoardView } from "./boards";
import { db } from "../db";
import { findUploads } from "../db/uploads-repo";
import { AppError } from "../platform/errors";
import { storeUploadBytes, uploadStorage } from "../media/uploads";

// Sharing a storyboard as one JSON file: the document with the uploads it names carried inline
// (base64), so it opens whole in another studio. Takes are not shared: they are this studio's
// videos, so the imported board starts with none (and no chosen take or trim).

const idOf = (ref: string) => ref.slice(UPLOAD_PATH_PREFIX.length);

/** The board as a shareable file. Uploads past the inline budget are named in `omitted`. */
export async function exportBoardFile(id: string): Promise<{ file: BoardFile; title: string }> {
  const { board } = await getBoardView(id);
  const { id: _id, version: _v, ownerId: _o, createdAt: _c, updatedAt: _u, ...doc } = board;
  const rows = await findUploads(await db(), boardUploadRefs(doc).map(idOf));
  const files: NonNullable<BoardFile["files"]> = {};
  const omitted: string[] = [];
  let budget = BOARD_FILE_UPLOADS_MAX_BYTES;
  for (const ref of boardUploadRefs(doc)) {
    const row = rows.get(idOf(ref));
    const size = Number(row?.bytes ?? 0);
    if (!row || size > budget) {
      omitted.push(ref);
      continue;
    }
    budget -= size;
    files[ref] = {
      contentType: row.content_type,
      data: Buffer.from(await new Response(await uploadStorage().open(row.storage_key)).arrayBuffer()).toString(
        "base64",
      ),
    };
  }
  const shots = doc.shots.map((s) => ({ ...s, chosenTaskId: null, trimStart: 0, trimEnd: null }));
  return {
    title: doc.title,
    file: {
      format: BOARD_FILE_FORMAT,
      version: BOARD_FILE_VERSION,
      exportedAt: new Date().toISOString(),
      board: { ...doc, shots },
      files,
      ...(omitted.length ? { omitted } : {}),
    },
  };
}

export type ImportResult = BoardView & { notes: string[] };

/**
 * The import route's check of a body before boardFileSchema's: another kind of JSON file is
 * said once, plainly, instead of as a list of every field it lacks.
 */
export function assertStoryboardFile(body: unknown): void {
  if (typeof body !== "object" || body === null || (body as { format?: unknown }).format !== BOARD_FILE_FORMAT) {
    const message = `This is not a storyboard file (it has no "format": "${BOARD_FILE_FORMAT}"); export one from a storyboard's page`;
    throw new AppError("invalid_request", message, { issues: [{ path: "format", message }] });
  }
}

/**
 * A new board from a shared file (checked by the route: assertStoryboardFile, then
 * boardFileSchema). Each inline upload is checked like any upload (what its bytes are) and
 * stored; a named upload that is neither carried nor already here is left out of the board,
 * and said so in `notes`. Nothing is stored when the file itself is invalid.
 */
export async function importBoardFile(file: BoardFile, owner: Actor): Promise<ImportResult> {
  const notes: string[] = [];
  const here = await findUploads(await db(), boardUploadRefs(file.board).map(idOf));
  const mapped = new Map<string, string | null>();
  const character = file.board.character?.url;
  for (const ref of boardUploadRefs(file.board)) {
    const inline = file.files?.[ref];
    if (inline) {
      const purpose = ref === character ? "character" : "reference";
      try {
        mapped.set(ref, (await storeUploadBytes(Buffer.from(inline.data, "base64"), purpose)).upload.url);
      } catch (error) {
        const reason = error instanceof AppError ? error.message : "it could not be read";
        throw new AppError("invalid_request", `Invalid files.${ref}: ${reason}`, {
          issues: [{ path: `files.${ref}`, message: reason }],
        });
      }
    } else mapped.set(ref, here.has(idOf(ref)) ? ref : null);
  }
  const swap = (url: string) => (mapped.has(url) ? mapped.get(url) : url);
  let dropped = 0;
  const shots = file.board.shots.map((shot) => {
    const imageUrls = shot.imageUrls.map(swap).filter((u): u is string => typeof u === "string");
    dropped += shot.imageUrls.length - imageUrls.length;
    return { ...shot, imageUrls, chosenTaskId: null, trimStart: 0, trimEnd: null };
  });
  if (dropped > 0)
    notes.push(`${dropped} reference image${dropped === 1 ? " was" : "s were"} not in the file and left out.`);
  let boardCharacter = file.board.character;
  if (boardCharacter && swap(boardCharacter.url) === null) {
    notes.push("The character clip was not in the file and was left out.");
    boardCharacter = null;
  } else if (boardCharacter) boardCharacter = { ...boardCharacter, url: swap(boardCharacter.url) as string };
  const doc: BoardDoc = {
    ...file.board,
    character: boardCharacter,
    shots: boardCharacter ? shots : shots.map((s) => ({ ...s, useCharacter: false })),
  };
  return { ...(await createBoard(doc, owner)), notes };
}
