import {
  acceptsDuration,
  defaultsOf,
  describeDurations,
  fieldsOf,
  MODEL_IDS,
  MODEL_SPECS,
  type ModelSpec,
} from "./index";
import { DURATIONS } from "./sora";

// What a request asks of its model that the model does not do, in the words the form shows at
// the field and the server answers with (a 400 naming the field). The generation schema checks
// the types and formats of fields; this checks them against the catalog entry of the model.

export type ModelIssue = { path: string; message: string; i18n: string; params: Record<string, string | number> };

export const MODEL_ERROR = `Model must be one of ${MODEL_IDS.join(", ")}`;

/** Sora's duration sentence predates the catalog; clients match on it. */
const SORA_DURATION_ERROR = `Duration must be one of ${DURATIONS.join(", ")} seconds`;

/** How a field is named in a sentence. */
const FIELD_WORDS: Record<string, string> = {
  size: "a size",
  orientation: "an orientation",
  image_urls: "Sora's reference images (image_urls)",
  character_url: "a character clip",
  character_start: "a character clip",
  character_end: "a character clip",
  duration: "a duration",
  aspect_ratio: "an aspect ratio",
  resolution: "a resolution",
  first_frame_url: "a first frame",
  last_frame_url: "a last frame",
  reference_image_urls: "reference images",
  reference_video_urls: "reference clips",
  sound: "sound",
  negative_prompt: "a negative prompt",
  seed: "a seed",
  camera_fixed: "a fixed camera",
  prompt_extend: "prompt rewriting",
  loop: "looping",
};
const MODEL_FIELDS = Object.keys(FIELD_WORDS);

/** "a, b or c" (at most three named, then "…"). */
function orList(items: readonly string[]): string {
  const shown = items.length > 3 ? [...items.slice(0, 3), "…"] : [...items];
  return shown.length <= 1 ? (shown[0] ?? "") : `${shown.slice(0, -1).join(", ")} or ${shown[shown.length - 1]}`;
}

/** Models of the same service that do take a field (or a value of it), for "…; kling-v3 does". */
function othersOfService(spec: ModelSpec, takes: (other: ModelSpec) => boolean): string[] {
  return MODEL_SPECS.filter((m) => m.service === spec.service && m.id !== spec.id && takes(m)).map((m) => m.id);
}

export function modelIssues(request: Readonly<Record<string, unknown>>, spec: ModelSpec): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const model = spec.id;
  const add = (path: string, message: string, i18n: string, params: Record<string, string | number> = {}) =>
    issues.push({ path, message, i18n, params: { model, ...params } });
  const taken = new Set(fieldsOf(spec));
  const given = (field: string) => request[field] !== undefined;

  for (const field of MODEL_FIELDS) {
    if (!given(field) || taken.has(field)) continue;
    const words = FIELD_WORDS[field] as string;
    if (field === "duration" && spec.duration.kind === "fixed") {
      add(field, `${model} makes ${spec.duration.seconds} s clips; it takes no duration`, "duration.fixed", {
        seconds: spec.duration.seconds,
      });
      continue;
    }
    const others = othersOfService(spec, (m) => fieldsOf(m).includes(field));
    if (others.length > 0)
      add(field, `${model} does not take ${words}; ${orList(others)} does`, "model.notTakenElsewhere", {
        field,
        models: orList(others),
      });
    else add(field, `${model} does not take ${words}`, "model.notTaken", { field });
  }

  if (taken.has("duration") && given("duration") && !acceptsDuration(spec.duration, request.duration)) {
    if (spec.sora) add("duration", SORA_DURATION_ERROR, "duration.custom");
    else {
      const choices = describeDurations(spec.duration);
      add("duration", `Duration on ${model} must be ${choices}`, "duration.choices", { choices });
    }
  }
  if (
    taken.has("aspect_ratio") &&
    given("aspect_ratio") &&
    !spec.aspectRatios?.includes(request.aspect_ratio as never)
  ) {
    const choices = (spec.aspectRatios ?? []).join(", ");
    add("aspect_ratio", `Aspect ratio on ${model} must be one of ${choices}`, "aspect_ratio.choices", { choices });
  }
  if (taken.has("resolution") && given("resolution") && !spec.resolutions?.includes(request.resolution as never)) {
    const choices = (spec.resolutions ?? []).join(", ");
    const others = othersOfService(spec, (m) => m.resolutions?.includes(request.resolution as never) === true);
    if (others.length > 0 && typeof request.resolution === "string")
      add(
        "resolution",
        `${model} offers ${choices}; ${request.resolution} needs ${orList(others)}`,
        "resolution.needsModel",
        { choices, value: request.resolution, models: orList(others) },
      );
    else add("resolution", `Resolution on ${model} must be one of ${choices}`, "resolution.choices", { choices });
  }

  imageIssues(request, spec, add);

  const max = spec.negativePromptMax;
  if (max && typeof request.negative_prompt === "string" && request.negative_prompt.length > max)
    add(
      "negative_prompt",
      `The negative prompt on ${model} must be at most ${max} characters`,
      "negative_prompt.tooLong",
      {
        max,
      },
    );

  // Rules that tie fields together read the request as the model will see it: defaults filled in.
  const complete = { ...defaultsOf(spec), ...request };
  const flagged = new Set(issues.map((i) => i.path));
  for (const rule of spec.rules ?? []) {
    if (flagged.has(rule.path) || !rule.breaks(complete)) continue;
    issues.push({ path: rule.path, message: rule.message, i18n: rule.i18n, params: { model, ...rule.params } });
  }
  return issues;
}

function imageIssues(
  request: Readonly<Record<string, unknown>>,
  spec: ModelSpec,
  add: (path: string, message: string, i18n: string, params?: Record<string, string | number>) => void,
) {
  const model = spec.id;
  const { images } = spec;
  const hasFirst = request.first_frame_url !== undefined;
  const hasLast = request.last_frame_url !== undefined;
  const references = Array.isArray(request.reference_image_urls) ? request.reference_image_urls.length : 0;
  if (images.firstFrame === "required" && !hasFirst)
    add("first_frame_url", `${model} animates an image: add a first frame`, "first_frame_url.required");
  if (images.lastFrame && hasLast && !hasFirst)
    add("last_frame_url", "A last frame needs a first frame", "last_frame_url.needsFirst");
  // How many references (images, or clips) a model takes, worded alike for both.
  const count = (field: string, noun: string, bounds: { min: number; max: number }, given: number) => {
    const { min, max } = bounds;
    if (given < min)
      add(field, `${model} needs at least ${min} ${noun}${min === 1 ? "" : "s"}`, `${field}.tooFew`, { min });
    if (given > max) add(field, `${model} takes at most ${max} ${noun}s`, `${field}.tooMany`, { max });
  };
  if (images.references && !spec.sora) {
    count("reference_image_urls", "reference image", images.references, references);
    if (images.referencesAlone && references > 0 && (hasFirst || hasLast))
      add(
        "reference_image_urls",
        `${model} takes reference images or a first and last frame, not both`,
        "reference_image_urls.alone",
      );
  }
  if (images.needsImage && !hasFirst && references === 0)
    add("first_frame_url", `${model} animates images: add a first frame or reference images`, "images.needed");
  if (spec.referenceVideos) {
    const clips = Array.isArray(request.reference_video_urls) ? request.reference_video_urls.length : 0;
    count("reference_video_urls", "reference clip", spec.referenceVideos, clips);
  }
}
