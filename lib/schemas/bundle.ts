// zod/mini, like the other shared schemas (this one is only parsed on the server so far).
import * as z from "zod/mini";
import { generationSchema } from "./generation";
import { tagSchema, TAGS_MAX, NOTES_MAX_CHARS, RATING_MAX, RATING_MIN } from "./task-edit";

// A task bundle: finished tasks of this studio with everything a user made of them, written by
// `GET /api/export` (as JSON, or as a zip with the archived videos) and read back by
// `POST /api/import`. The manifest is strict: an unknown key anywhere is an error naming it, so
// a file from a newer studio is refused rather than half understood.

export const BUNDLE_FORMAT = "sora-studio/tasks";
export const BUNDLE_VERSION = 1;
/** The manifest (a JSON body, or `manifest.json` inside a zip) is at most this large. */
export const BUNDLE_JSON_MAX_BYTES = 10 * 1024 * 1024;
/** A zip (manifest and videos) is at most this large; it is streamed to a temp file, never held in memory. */
export const BUNDLE_ZIP_MAX_BYTES = 2 * 1024 ** 3;
export const BUNDLE_TASKS_MAX = 10_000;
export const BUNDLE_MANIFEST_NAME = "manifest.json";

/**
 * Task, video and run ids: what this studio makes (UUIDs) and anything of the same kind of
 * characters. They become storage keys and zip entry names, so no dots, slashes or spaces.
 */
export const BUNDLE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** Where a video's bytes sit inside a zip bundle. */
export const videoEntryName = (videoId: string) => `videos/${videoId}.mp4`;

const id = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .check(z.regex(BUNDLE_ID, { error: `${what} must be 1–128 letters, digits, - or _` }));
const instant = (what: string) =>
  z.iso.datetime({ error: `${what} must be an ISO 8601 UTC time like 2026-11-25T10:00:00.000Z` });
const shortText = (what: string, max: number) =>
  z
    .string({ error: `${what} must be text` })
    .check(z.maxLength(max, { error: `${what} is at most ${max} characters` }));

export const bundleVideoSchema = z
  .strictObject({
    id: id("A video id"),
    /** `videos/<id>.mp4` when the zip carries the bytes; null when it does not (JSON, or never archived). */
    file: z.nullable(z.string({ error: "file must be videos/<id>.mp4 or null" })),
    /** Bytes and SHA-256 of the archived copy; null when there was none. */
    size: z.nullable(
      z
        .number({ error: "size must be a number of bytes or null" })
        .check(z.int({ error: "size must be a whole number" }), z.gte(0, { error: "size cannot be negative" })),
    ),
    sha256: z.nullable(
      z
        .string({ error: "sha256 must be text or null" })
        .check(z.regex(SHA256, { error: "sha256 must be 64 lowercase hex digits" })),
    ),
  })
  .check(
    z.superRefine((video, ctx) => {
      if (video.file !== null && video.file !== videoEntryName(video.id)) {
        ctx.addIssue({ code: "custom", path: ["file"], message: `file must be ${videoEntryName(video.id)} or null` });
      }
      if (video.file !== null && (video.size === null || video.sha256 === null)) {
        ctx.addIssue({
          code: "custom",
          path: [video.size === null ? "size" : "sha256"],
          message: "A video with a file needs its size and sha256",
        });
      }
    }),
  );

export const bundleTaskSchema = z.strictObject({
  id: id("A task id"),
  request: generationSchema,
  /** Only finished tasks travel: an unfinished one would need its upstream task to go with it. */
  state: z.enum(["succeeded", "failed"], {
    error: "state must be succeeded or failed (only finished tasks are exported)",
  }),
  createdAt: instant("createdAt"),
  submittedAt: z.nullable(instant("submittedAt")),
  finishedAt: z.nullable(instant("finishedAt")),
  upstreamTaskId: z.nullable(shortText("upstreamTaskId", 200)),
  traceId: z.nullable(shortText("traceId", 200)),
  error: z.nullable(z.strictObject({ code: shortText("error.code", 200), message: shortText("error.message", 4000) })),
  favourite: z.boolean({ error: "favourite must be true or false" }),
  tags: z.pipe(
    z
      .array(tagSchema, { error: "tags must be a list of text" })
      .check(z.maxLength(TAGS_MAX, { error: `At most ${TAGS_MAX} tags` })),
    z.transform((tags) => [...new Set(tags)].sort()),
  ),
  notes: shortText("notes", NOTES_MAX_CHARS),
  rating: z.nullable(
    z
      .number({ error: `rating must be ${RATING_MIN}–${RATING_MAX} or null` })
      .check(z.int({ error: "rating must be a whole number" }), z.gte(RATING_MIN), z.lte(RATING_MAX)),
  ),
  runId: z.nullable(id("runId")),
  videos: z
    .array(bundleVideoSchema, { error: "videos must be a list" })
    .check(z.maxLength(16, { error: "At most 16 videos per task" })),
});

export const bundleManifestSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT, { error: `format must be "${BUNDLE_FORMAT}"` }),
  version: z.literal(BUNDLE_VERSION, {
    error: `version must be ${BUNDLE_VERSION} (this studio reads version ${BUNDLE_VERSION} bundles)`,
  }),
  exportedAt: instant("exportedAt"),
  tasks: z
    .array(bundleTaskSchema, { error: "tasks must be a list" })
    .check(z.maxLength(BUNDLE_TASKS_MAX, { error: `At most ${BUNDLE_TASKS_MAX} tasks per bundle` })),
  /** Selected tasks that were left out, and why (queued or still rendering, unknown id). */
  skipped: z.optional(z.array(z.strictObject({ id: z.string(), reason: z.string() }))),
  /** What the exporter wants a reader to know (a video not archived, so not in the zip). */
  notes: z.optional(z.array(z.string())),
});

export type BundleVideo = z.output<typeof bundleVideoSchema>;
export type BundleTask = z.output<typeof bundleTaskSchema>;
export type BundleManifest = z.output<typeof bundleManifestSchema>;
export type BundleManifestInput = z.input<typeof bundleManifestSchema>;

// What the browser needs of bundles (the export links, the import's answer) lives apart, so the
// gallery's scripts do not carry the manifest's schema.
export * from "./bundle-links";
