// zod/mini: the same validation as classic zod, a fraction of its weight in the browser bundle.
import * as z from "zod/mini";
import {
  CHARACTER_SPAN_MAX_S,
  CHARACTER_SPAN_MIN_S,
  IMAGE_URLS_MAX,
  isModelId,
  modelSpec,
  SEED_MAX,
  SEED_MIN,
  type AspectRatio,
  type Resolution,
} from "./catalog";
import { MODEL_ERROR, modelIssues } from "./catalog/model-issues";
import {
  IMAGE_DATA_MAX_BYTES,
  IMAGE_DATA_MIME_TYPES,
  NEGATIVE_PROMPT_MAX_CHARS,
  PROMPT_MAX_CHARS,
  REFERENCE_IMAGES_MAX,
  REFERENCE_VIDEOS_MAX,
  URL_MAX_CHARS,
  isUploadRef,
} from "./rules";
import { requiredText } from "./required-text";
import { orientationField, sizeField } from "./setting-fields";

// The one schema of a generation request. The composer's resolver and `POST /api/videos`
// both parse with it, so the browser and the server can never disagree about what is valid.

const DATA_IMAGE = /^data:(image\/[a-z+.-]+);base64,([A-Za-z0-9+/]+={0,2})$/;

export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** Decoded byte length of a base64 payload, without decoding it. */
export function base64DecodedBytes(payload: string): number {
  const padding = payload.endsWith("==") ? 2 : payload.endsWith("=") ? 1 : 0;
  return Math.floor((payload.length * 3) / 4) - padding;
}

/** Refuses the value with our own wording and its key for the form's translation (`params.i18n`), at `path` if given. */
function refuse<T>(
  ctx: z.core.$RefinementCtx<T>,
  message: string,
  params: { i18n: string; [detail: string]: unknown },
  path?: string[],
) {
  ctx.addIssue({ code: "custom", ...(path ? { path } : {}), message, params });
}

/** An https:// URL, or a file uploaded to this studio (`/api/uploads/<id>`). */
const httpsUrlOrUpload = (what: string) =>
  z.string({ error: `${what} must be a text URL` }).check(
    z.trim(),
    z.maxLength(URL_MAX_CHARS, { error: `${what} must be at most ${URL_MAX_CHARS} characters` }),
    z.refine((value) => isUploadRef(value) || isHttpsUrl(value), {
      error: `${what} must be an https:// URL`,
      params: { i18n: "url.https" },
    }),
  );

const imageUrl = z.string({ error: "Each reference image must be a URL or a data: image" }).check(
  z.trim(),
  z.superRefine((value, ctx) => {
    if (value.startsWith("data:")) {
      const match = DATA_IMAGE.exec(value);
      if (!match) {
        refuse(ctx, "An inline image must look like data:image/png;base64,…", { i18n: "image.inlineShape" });
        return;
      }
      const mime = match[1] as string;
      if (!(IMAGE_DATA_MIME_TYPES as readonly string[]).includes(mime)) {
        refuse(ctx, `Inline images must be PNG, JPEG, WebP or GIF, not ${mime}`, { i18n: "image.inlineType", mime });
        return;
      }
      const bytes = base64DecodedBytes(match[2] as string);
      if (bytes > IMAGE_DATA_MAX_BYTES) {
        const mib = (IMAGE_DATA_MAX_BYTES / 1024 / 1024).toFixed(0);
        refuse(ctx, `Each inline image must be at most ${mib} MiB`, { i18n: "image.inlineTooBig", mib });
      }
      return;
    }
    if (isUploadRef(value)) return;
    if (value.length > URL_MAX_CHARS) {
      refuse(ctx, `An image URL must be at most ${URL_MAX_CHARS} characters`, {
        i18n: "image.urlTooLong",
        max: URL_MAX_CHARS,
      });
    } else if (!isHttpsUrl(value)) {
      refuse(ctx, "A reference image must be an https:// URL or a data:image/…;base64 image", { i18n: "image.notUrl" });
    }
  }),
);

const seconds = (what: string) =>
  z.number({ error: `${what} must be a number of seconds` }).check(z.gte(0, { error: `${what} cannot be negative` }));

/** A field whose allowed values depend on the model: its type and choices are checked by `modelRules`. */
const byModel = <T>() => z.optional(z.custom<T>());
const flag = (what: string) => z.optional(z.boolean({ error: `${what} must be true or false` }));
const imageList = (what: string, max: number) =>
  z.optional(
    z
      .array(imageUrl, { error: `${what} must be a list of image URLs` })
      .check(z.maxLength(max, { error: `At most ${max} ${what}` })),
  );

const base = z.strictObject({
  prompt: requiredText("Write a prompt", PROMPT_MAX_CHARS, `The prompt must be at most ${PROMPT_MAX_CHARS} characters`),
  model: z.string({ error: MODEL_ERROR }).check(z.refine(isModelId, { error: MODEL_ERROR })),
  // Sora's own fields (its body is accepted unchanged).
  size: z.optional(sizeField),
  orientation: z.optional(orientationField),
  image_urls: imageList("reference images", IMAGE_URLS_MAX),
  character_url: z.optional(httpsUrlOrUpload("The character clip URL")),
  character_start: z.optional(seconds("The character start")),
  character_end: z.optional(seconds("The character end")),
  // The shared words of every other service (catalog/vocabulary.ts).
  duration: byModel<number>(),
  aspect_ratio: byModel<AspectRatio>(),
  resolution: byModel<Resolution>(),
  first_frame_url: z.optional(imageUrl),
  last_frame_url: z.optional(imageUrl),
  reference_image_urls: imageList("reference images", REFERENCE_IMAGES_MAX),
  reference_video_urls: z.optional(
    z
      .array(httpsUrlOrUpload("A reference clip URL"), { error: "reference_video_urls must be a list of clip URLs" })
      .check(z.maxLength(REFERENCE_VIDEOS_MAX, { error: `At most ${REFERENCE_VIDEOS_MAX} reference clips` })),
  ),
  sound: flag("sound"),
  negative_prompt: z.optional(
    z.string({ error: "The negative prompt must be text" }).check(
      z.trim(),
      z.maxLength(NEGATIVE_PROMPT_MAX_CHARS, {
        error: `The negative prompt must be at most ${NEGATIVE_PROMPT_MAX_CHARS} characters`,
      }),
    ),
  ),
  seed: z.optional(
    z
      .number({ error: "The seed must be a whole number" })
      .check(
        z.int({ error: "The seed must be a whole number" }),
        z.gte(SEED_MIN, { error: `The seed must be from ${SEED_MIN} to ${SEED_MAX}` }),
        z.lte(SEED_MAX, { error: `The seed must be from ${SEED_MIN} to ${SEED_MAX}` }),
      ),
  ),
  camera_fixed: flag("camera_fixed"),
  prompt_extend: flag("prompt_extend"),
  loop: flag("loop"),
});

type Draft = Partial<Record<keyof z.input<typeof base>, unknown>>;

/** Rules of the Sora character clip. They run even when another field is invalid, so the form shows them at once. */
function characterRules(value: Draft, ctx: z.core.$RefinementCtx<unknown>) {
  const hasStart = value.character_start !== undefined;
  const hasEnd = value.character_end !== undefined;
  if ((hasStart || hasEnd) && (value.character_url === undefined || value.character_url === "")) {
    refuse(ctx, "A character start and end need a character clip URL", { i18n: "character.needsUrl" }, [
      hasStart ? "character_start" : "character_end",
    ]);
    return;
  }
  if (hasStart !== hasEnd) {
    refuse(ctx, "Give both the character start and end, or neither", { i18n: "character.bothEnds" }, [
      hasStart ? "character_end" : "character_start",
    ]);
    return;
  }
  const start = value.character_start;
  const end = value.character_end;
  if (typeof start !== "number" || typeof end !== "number") return;
  if (!(start < end)) {
    refuse(ctx, "The character end must come after its start", { i18n: "character.endAfterStart" }, ["character_end"]);
    return;
  }
  const span = end - start;
  if (span < CHARACTER_SPAN_MIN_S || span > CHARACTER_SPAN_MAX_S) {
    refuse(
      ctx,
      `The character span must be ${CHARACTER_SPAN_MIN_S}–${CHARACTER_SPAN_MAX_S} s (it is ${+span.toFixed(2)} s)`,
      { i18n: "character.span", min: CHARACTER_SPAN_MIN_S, max: CHARACTER_SPAN_MAX_S, span: +span.toFixed(2) },
      ["character_end"],
    );
  }
}

export const generationSchema = base.check(
  z.superRefine(
    (value, ctx) => {
      const spec = modelSpec(value.model);
      if (!spec) return;
      for (const issue of modelIssues(value as Record<string, unknown>, spec))
        refuse(ctx, issue.message, { i18n: issue.i18n, ...issue.params }, [issue.path]);
      if (spec.sora) characterRules(value, ctx);
    },
    {
      // Run even when other fields fail, so "25 s needs sora-2-pro" shows next to an empty prompt.
      when: (payload) => typeof payload.value === "object" && payload.value !== null,
    },
  ),
);

export type GenerationInput = z.input<typeof generationSchema>;
export type GenerationRequest = z.output<typeof generationSchema>;

export type FieldIssue = { path: string; message: string };

/** Flattens zod issues to `{ path: "image_urls.1", message }`, the shape our error bodies carry. */
export function toFieldIssues(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const prefix = issue.path.map(String);
    // An unknown key is reported at the key itself, so the caller sees which field to drop.
    if (issue.code === "unrecognized_keys")
      return issue.keys.map((key) => ({ path: [...prefix, key].join("."), message: `Unknown field: ${key}` }));
    return [{ path: prefix.length > 0 ? prefix.join(".") : "(body)", message: issue.message }];
  });
}
