// Every domain rule of a generation in one place: the schema, the form, the emulator
// and the tests read these, so a rule changes here and nowhere else.

// Sora's vocabulary lives in the catalog; these names are kept for the code that predates it.
export {
  CHARACTER_SPAN_MAX_S,
  CHARACTER_SPAN_MIN_S,
  DURATIONS,
  durationsFor,
  FRAME_SIZES,
  IMAGE_URLS_MAX,
  LONG_DURATION,
  LONG_DURATION_MODEL,
  ORIENTATIONS,
  SIZES,
  SORA_MODELS as MODELS,
  type Duration,
  type Orientation,
  type Size,
  type SoraModel as Model,
} from "./catalog/sora";
import {
  IMAGE_URLS_MAX,
  SORA_DEFAULTS,
  type Duration,
  type Orientation,
  type Size,
  type SoraModel as Model,
} from "./catalog/sora";

export const PROMPT_MAX_CHARS = 4000;
export const URL_MAX_CHARS = 2048;

/** Reference images of the other services (Veo's ingredients, Seedance's references). */
export const REFERENCE_IMAGES_MAX = 4;
export const REFERENCE_VIDEOS_MAX = 3;
export const NEGATIVE_PROMPT_MAX_CHARS = 500;
/** Decoded size cap of one inline (`data:image/...;base64,`) reference image. */
export const IMAGE_DATA_MAX_BYTES = 3 * 1024 * 1024;
export const IMAGE_DATA_MIME_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;

/**
 * A file uploaded to this studio (`POST /api/uploads`), written in a request as its path. The
 * stored task keeps the short path; when submitting, the server turns it into a public URL
 * (with `STUDIO_PUBLIC_URL`) or, for images, inline base64.
 */
export const UPLOAD_PATH_PREFIX = "/api/uploads/";
export const UPLOAD_REF = /^\/api\/uploads\/[0-9a-f]{32}$/;
export const isUploadRef = (value: string): boolean => UPLOAD_REF.test(value);
/** An upload's id: 32 lowercase hex characters (128 random bits). */
export const UPLOAD_ID = /^[0-9a-f]{32}$/;
export const UPLOAD_ID_BYTES = 16;
/** What an upload is for (`POST /api/uploads?purpose=`): a reference image or the character clip. */
export const UPLOAD_PURPOSES = ["reference", "character"] as const;
export type UploadPurpose = (typeof UPLOAD_PURPOSES)[number];

/** Reference images: the server refuses larger uploads; the browser shrinks to the target first. */
export const UPLOAD_IMAGE_MAX_BYTES = IMAGE_DATA_MAX_BYTES;
export const UPLOAD_IMAGE_MAX_EDGE = 4096;
export const UPLOAD_IMAGE_MIME_TYPES = IMAGE_DATA_MIME_TYPES;
/** Decoding refuses images with more pixels than a square of the longest allowed edge. */
export const UPLOAD_IMAGE_MAX_PIXELS = UPLOAD_IMAGE_MAX_EDGE * UPLOAD_IMAGE_MAX_EDGE;
/** The longest edge the browser downscales a reference image to before uploading it. */
export const REFERENCE_IMAGE_TARGET_EDGE = 2048;
/** Source files the browser will not even try to decode: the cause is named at the field. */
export const SOURCE_IMAGE_MAX_BYTES = 25_000_000;
export const SOURCE_IMAGE_MAX_EDGE = 10_000;

/** Character clips: MP4 or QuickTime (their length is read from the file), at least a span long. */
export const UPLOAD_VIDEO_MAX_BYTES = 50_000_000;
export const UPLOAD_VIDEO_MIME_TYPES = ["video/mp4", "video/quicktime"] as const;

/**
 * Request body cap of `POST /api/videos`, derived from the rules above so that every request
 * the schema accepts fits: the base64 of each image (4 chars per 3 bytes, plus its prefix and
 * quotes), the prompt in UTF-8 (at most 4 bytes a character, 12 if \u-escaped), and the rest.
 */
export const REQUEST_BODY_MAX_BYTES =
  IMAGE_URLS_MAX * (4 * Math.ceil(IMAGE_DATA_MAX_BYTES / 3) + 64) +
  12 * (PROMPT_MAX_CHARS + NEGATIVE_PROMPT_MAX_CHARS) +
  (5 + REFERENCE_VIDEOS_MAX) * URL_MAX_CHARS +
  64 * 1024;

export const DEFAULT_GENERATION = {
  model: "sora-2",
  ...SORA_DEFAULTS,
} as const satisfies { model: Model; size: Size; duration: Duration; orientation: Orientation };

/** A tag on a task (gallery filters and edits). */
export const TAG_MAX_CHARS = 40;

/**
 * One spelling per tag, so "Moody", " moody " and "MOODY" are the same tag in the filter and in
 * the list: trimmed, inner whitespace collapsed to one space, Unicode NFC, lower-cased.
 */
export function normalizeTag(tag: string): string {
  return tag.normalize("NFC").trim().replace(/\s+/gu, " ").toLowerCase();
}
