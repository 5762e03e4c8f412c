// zod/mini. The bodies of the storyboard routes that only the server parses (creating, saving,
// generating, importing a shared file). Kept apart from board.ts, which the page loads: the zod
// features only these use (records, unions, literals) then stay out of every page's scripts.
import * as z from "zod/mini";
import { boardDocSchema, BOARD_BODY_MAX_BYTES, BOARD_SHOTS_MAX, SHOT_ID } from "./board";
import { IMAGE_URLS_MAX, isUploadRef } from "./rules";

/**
 * POST /api/boards: the new board's title, if any. Lenient on purpose: any JSON body is a new
 * board, and a title that is missing, not text or blank is none (the board is then "Untitled
 * storyboard"); the title's own rules are the document's (boardDocSchema), checked on creation.
 */
export const newBoardSchema = z.pipe(
  z.unknown(),
  z.transform((body): { title?: string } => {
    const title = typeof body === "object" && body !== null && "title" in body ? body.title : undefined;
    return typeof title === "string" && title.trim() ? { title } : {};
  }),
);
export type NewBoardBody = z.output<typeof newBoardSchema>;

/** PUT /api/boards/:id: the whole document and the version it was edited from. */
export const boardSaveSchema = z.strictObject({ version: z.number().check(z.int(), z.gte(1)), board: boardDocSchema });
export type BoardSave = z.output<typeof boardSaveSchema>;

export const GENERATE_WHICH = ["all", "missing"] as const;
/** POST /api/boards/:id/generate: every shot, those without a take, or the named ones. */
export const generateBodySchema = z.strictObject({
  shots: z.union(
    [
      z.enum(GENERATE_WHICH),
      z.array(z.string().check(z.regex(SHOT_ID))).check(z.minLength(1), z.maxLength(BOARD_SHOTS_MAX)),
    ],
    {
      error: `shots must be "all", "missing" or a list of shot ids`,
    },
  ),
});
export type GenerateBody = z.output<typeof generateBodySchema>;

// ——— Sharing: a board as one JSON file ———

export const BOARD_FILE_FORMAT = "sora-studio.storyboard";
export const BOARD_FILE_VERSION = 1;
/** The uploads a shared board carries inline, at most this many bytes in all (before base64). */
export const BOARD_FILE_UPLOADS_MAX_BYTES = 32 * 1024 * 1024;
/** The import body cap: the inline uploads in base64, and the board itself. */
export const BOARD_FILE_MAX_BYTES =
  Math.ceil((BOARD_FILE_UPLOADS_MAX_BYTES * 4) / 3) + BOARD_BODY_MAX_BYTES + 64 * 1024;

/**
 * A shared board: its document (without takes: those are videos of one studio) and, inline,
 * the uploads it names, so it opens whole in another studio. Uploads too large to carry are
 * listed in `omitted` and left out of the document on import.
 */
export const boardFileSchema = z.strictObject({
  format: z.literal(BOARD_FILE_FORMAT, {
    error: `This is not a storyboard file (format must be "${BOARD_FILE_FORMAT}")`,
  }),
  version: z.literal(BOARD_FILE_VERSION, { error: `This storyboard file is version ${BOARD_FILE_VERSION} only` }),
  exportedAt: z.optional(z.string()),
  board: boardDocSchema,
  files: z.optional(
    z.record(
      z.string().check(z.refine(isUploadRef, { error: "A file key must be an upload path" })),
      z.strictObject({
        contentType: z.string().check(z.maxLength(100)),
        data: z.string().check(z.regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: "File data must be base64" })),
      }),
    ),
  ),
  omitted: z.optional(z.array(z.string()).check(z.maxLength(BOARD_SHOTS_MAX * (IMAGE_URLS_MAX + 1)))),
});
export type BoardFile = z.output<typeof boardFileSchema>;
