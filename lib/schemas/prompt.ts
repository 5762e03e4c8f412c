// zod/mini: the composer's "Save to library" and the library page read the caps from here.
import * as z from "zod/mini";
import { generationSchema } from "./generation";
import { DURATION_ERROR, modelField, offeredDuration, orientationField, sizeField } from "./setting-fields";
import { LONG_DURATION, LONG_DURATION_MODEL, TAG_MAX_CHARS } from "./rules";
import { tagListSchema } from "./task-edit";
import { SEARCH_MAX_CHARS } from "./task-filter";

// The prompt library: named prompts with tags, each a list of numbered versions (text, the
// settings it was meant for, a note). One module for its API bodies, its export file format and
// the caps both sides enforce. Texts follow the generation schema's prompt rule exactly, so a
// library text is always one the composer accepts.

export const PROMPT_NAME_MAX_CHARS = 120;
export const PROMPT_NOTE_MAX_CHARS = 500;
/** Import: the file's size, its prompts, and one prompt's versions. */
export const LIBRARY_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const LIBRARY_IMPORT_MAX_PROMPTS = 2000;
export const PROMPT_VERSIONS_MAX = 1000;
export const LIBRARY_FORMAT = "sora-studio/prompt-library";
export const LIBRARY_FORMAT_VERSION = 1;
/** Appended to an imported prompt whose name the library already has. */
export const IMPORTED_SUFFIX = " (imported)";

export type PromptVersion = {
  id: string;
  number: number;
  text: string;
  settings: PromptSettings | null;
  note: string;
  createdAt: string;
};
export type LibraryPrompt = {
  id: string;
  name: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  latest: PromptVersion;
  versionCount: number;
};
export type LibraryPromptDetail = Omit<LibraryPrompt, "latest" | "versionCount"> & { versions: PromptVersion[] };

/** One distinct prompt of the task history, with how it fared. */
export type PromptHistoryEntry = {
  prompt: string;
  /** The model, size, duration and orientation of its latest use (null for tasks older than those columns). */
  latestSettings: PromptSettings | null;
  uses: number;
  lastUsedAt: string;
  succeeded: number;
  /** Mean of the rated uses' ratings (1–5), or null when none is rated. */
  averageRating: number | null;
  /** Up to 4 of its latest tasks, newest first, with their first video (for thumbnails). */
  recent: { taskId: string; posterUrl: string | null; url: string | null }[];
};
export type PromptHistoryPage = { items: PromptHistoryEntry[]; nextCursor: string | null };

const g = generationSchema.shape;
const CONTROL = /[\p{Cc}]/u;

export const promptNameSchema = z.string({ error: "name must be text" }).check(
  z.trim(),
  z.minLength(1, { error: "Give the prompt a name" }),
  z.maxLength(PROMPT_NAME_MAX_CHARS, { error: `A name is at most ${PROMPT_NAME_MAX_CHARS} characters` }),
  z.refine((name) => !CONTROL.test(name), { error: "A name cannot contain control characters" }),
);

/** A version's text: the generation schema's prompt rule (trimmed, 1 to PROMPT_MAX_CHARS). */
export const promptTextSchema = g.prompt;

const noteSchema = z
  .string({ error: "note must be text" })
  .check(
    z.trim(),
    z.maxLength(PROMPT_NOTE_MAX_CHARS, { error: `A note is at most ${PROMPT_NOTE_MAX_CHARS} characters` }),
  );

export const promptSettingsSchema = z
  .strictObject(
    {
      model: modelField,
      size: sizeField,
      duration: z.number({ error: DURATION_ERROR }).check(offeredDuration()),
      orientation: orientationField,
    },
    { error: "settings must be an object {model, size, duration, orientation}" },
  )
  .check(
    z.refine((s) => !(s.duration === LONG_DURATION && s.model !== LONG_DURATION_MODEL), {
      path: ["duration"],
      error: `${LONG_DURATION} s videos need ${LONG_DURATION_MODEL}`,
    }),
  );
/** The generation settings a version was written for (no images or clip: those belong to a video). */
export type PromptSettings = z.output<typeof promptSettingsSchema>;

export const createPromptSchema = z.strictObject({
  name: promptNameSchema,
  text: promptTextSchema,
  tags: z.optional(tagListSchema),
  settings: z.optional(z.nullable(promptSettingsSchema)),
  note: z.optional(noteSchema),
});
export type CreatePrompt = z.output<typeof createPromptSchema>;

export const editPromptSchema = z
  .strictObject({ name: z.optional(promptNameSchema), tags: z.optional(tagListSchema) })
  .check(z.refine((edit) => edit.name !== undefined || edit.tags !== undefined, { error: "Send name, tags or both" }));
export type EditPrompt = z.output<typeof editPromptSchema>;

export const newVersionSchema = z.strictObject({
  text: promptTextSchema,
  settings: z.optional(z.nullable(promptSettingsSchema)),
  note: z.optional(noteSchema),
});
export type NewVersion = z.output<typeof newVersionSchema>;

export const promptListQuerySchema = z.strictObject({
  q: z.optional(
    z
      .string()
      .check(z.trim(), z.maxLength(SEARCH_MAX_CHARS, { error: `Search is at most ${SEARCH_MAX_CHARS} characters` })),
  ),
  tag: z.optional(
    z.string().check(z.trim(), z.maxLength(TAG_MAX_CHARS, { error: `A tag is at most ${TAG_MAX_CHARS} characters` })),
  ),
});

export const HISTORY_LIMIT_DEFAULT = 20;
export const HISTORY_LIMIT_MAX = 100;

export const historyQuerySchema = z.strictObject({
  q: z.optional(
    z
      .string()
      .check(z.trim(), z.maxLength(SEARCH_MAX_CHARS, { error: `Search is at most ${SEARCH_MAX_CHARS} characters` })),
  ),
  cursor: z.optional(z.string()),
  limit: z.optional(
    z
      .pipe(z.string(), z.transform(Number))
      .check(
        z.int({ error: "limit must be a whole number" }),
        z.gte(1, { error: "limit is at least 1" }),
        z.lte(HISTORY_LIMIT_MAX, { error: `limit is at most ${HISTORY_LIMIT_MAX}` }),
      ),
  ),
});

// ——— the export file ———

const isoDate = (what: string) =>
  z.string({ error: `${what} must be an ISO date-time` }).check(
    z.refine((v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v), {
      error: `${what} must be an ISO date-time like 2026-11-25T10:00:00.000Z`,
    }),
  );

const exportedVersionSchema = z.strictObject({
  number: z
    .number({ error: "number must be a whole number" })
    .check(z.int({ error: "number must be a whole number" }), z.gte(1, { error: "number starts at 1" })),
  text: promptTextSchema,
  settings: z.nullable(promptSettingsSchema),
  note: noteSchema,
  createdAt: isoDate("createdAt"),
});

const exportedPromptSchema = z.strictObject({
  name: promptNameSchema,
  tags: tagListSchema,
  versions: z.array(exportedVersionSchema, { error: "versions must be a list" }).check(
    z.minLength(1, { error: "A prompt has at least one version" }),
    z.maxLength(PROMPT_VERSIONS_MAX, { error: `A prompt has at most ${PROMPT_VERSIONS_MAX} versions` }),
    // 1, 2, 3… in order: the numbers are the versions' names, and the diff view refers to them.
    z.superRefine((versions, ctx) => {
      const wrong = versions.findIndex((v, i) => v.number !== i + 1);
      if (wrong >= 0)
        ctx.addIssue({
          code: "custom",
          path: [wrong, "number"],
          message: `Versions are numbered 1, 2, 3… in order: expected ${wrong + 1}`,
          input: versions,
        });
    }),
  ),
});

export const libraryFileSchema = z.strictObject({
  format: z.literal(LIBRARY_FORMAT, { error: `format must be "${LIBRARY_FORMAT}"` }),
  version: z.literal(LIBRARY_FORMAT_VERSION, {
    error: `version must be ${LIBRARY_FORMAT_VERSION} (this studio reads version ${LIBRARY_FORMAT_VERSION} files)`,
  }),
  exportedAt: isoDate("exportedAt"),
  prompts: z.array(exportedPromptSchema, { error: "prompts must be a list" }).check(
    z.maxLength(LIBRARY_IMPORT_MAX_PROMPTS, {
      error: `A library file has at most ${LIBRARY_IMPORT_MAX_PROMPTS} prompts`,
    }),
    z.superRefine((prompts, ctx) => {
      const seen = new Map<string, number>();
      prompts.forEach((p, i) => {
        const first = seen.get(p.name);
        if (first !== undefined)
          ctx.addIssue({
            code: "custom",
            path: [i, "name"],
            message: `The name "${p.name}" is already used by prompts.${first}`,
            input: prompts,
          });
        else seen.set(p.name, i);
      });
    }),
  ),
});
export type LibraryFile = z.output<typeof libraryFileSchema>;

/** A name the composer suggests for a prompt: its first words, within the name's cap. */
export function defaultPromptName(text: string, words = 6, maxChars = 40): string {
  const first = text.trim().split(/\s+/u).slice(0, words).join(" ");
  return first.length > maxChars ? `${first.slice(0, maxChars - 1)}…` : first;
}

/** Whether a new version would repeat the latest one (same text and settings). */
export function sameAsVersion(
  version: Pick<PromptVersion, "text" | "settings">,
  text: string,
  settings: PromptSettings | null,
): boolean {
  const key = (s: PromptSettings | null) => (s ? `${s.model}|${s.size}|${s.duration}|${s.orientation}` : "");
  return version.text === text && key(version.settings) === key(settings);
}
