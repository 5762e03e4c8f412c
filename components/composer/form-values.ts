import type { Resolver } from "react-hook-form";
import { schemaResolver, type SchemaResolverOptions } from "@/components/ui/form/schema-resolver";
import { fieldsOf, modelSpec } from "@/lib/schemas/catalog";
import { generationSchema, type GenerationInput, type GenerationRequest } from "@/lib/schemas/generation";
import { DEFAULT_GENERATION, type Orientation, type Size } from "@/lib/schemas/rules";

// What the composer's inputs hold (text, as the DOM gives it) and how it becomes a request.
// Validation is the shared schema itself; this file only translates input text to values.
// The form holds every field of every model at once: a field the chosen model does not take is
// kept (switching back brings it back) but not sent.

/** An option a model may have, as a three-way choice: the model's own default, on, or off. */
export type Toggle = "" | "on" | "off";
export const TOGGLES = ["", "on", "off"] as const;
/** The yes/no options of the vocabulary, in the order the composer shows them. */
export const TOGGLE_FIELDS = ["sound", "camera_fixed", "prompt_extend", "loop"] as const;
export type ToggleField = (typeof TOGGLE_FIELDS)[number];

export type ComposerValues = {
  prompt: string;
  model: string;
  // Sora's own fields.
  size: Size;
  duration: string;
  orientation: Orientation;
  image_urls: string[];
  character_url: string;
  character_start: string;
  character_end: string;
  // The shared words of the other services (lib/schemas/catalog/vocabulary.ts).
  aspect_ratio: string;
  resolution: string;
  first_frame_url: string;
  last_frame_url: string;
  reference_image_urls: string[];
  /** One clip URL per line. */
  reference_video_urls: string;
  negative_prompt: string;
  seed: string;
} & Record<ToggleField, Toggle>;

export const composerDefaults: ComposerValues = {
  prompt: "",
  model: DEFAULT_GENERATION.model,
  size: DEFAULT_GENERATION.size,
  duration: String(DEFAULT_GENERATION.duration),
  orientation: DEFAULT_GENERATION.orientation,
  image_urls: [],
  character_url: "",
  character_start: "",
  character_end: "",
  aspect_ratio: "",
  resolution: "",
  first_frame_url: "",
  last_frame_url: "",
  reference_image_urls: [],
  reference_video_urls: "",
  negative_prompt: "",
  seed: "",
  sound: "",
  camera_fixed: "",
  prompt_extend: "",
  loop: "",
};

/** The composer's starting values with `model` chosen (the deployment's default model). */
export function composerDefaultsFor(model: string): ComposerValues {
  const spec = modelSpec(model);
  if (!spec || spec.sora) return { ...composerDefaults, model };
  return {
    ...composerDefaults,
    model,
    duration: spec.defaultDuration !== undefined ? String(spec.defaultDuration) : "",
    aspect_ratio: spec.defaultAspectRatio ?? "",
    resolution: spec.defaultResolution ?? "",
  };
}

/** The clip's fields judge each other (start < end, the span): a change to one re-checks all. */
export const CHARACTER_FIELDS = ["character_url", "character_start", "character_end"] as const;

const blankToUndefined = (text: string) => (text.trim() === "" ? undefined : text.trim());
const numberOrText = (text: string) => {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed; // text stays text, so the schema names the field
};
export const linesOf = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");

function soraInput(values: ComposerValues): Record<string, unknown> {
  const input: Record<string, unknown> = {
    prompt: values.prompt,
    model: values.model,
    size: values.size,
    duration: Number(values.duration),
    orientation: values.orientation,
  };
  if (values.image_urls.length > 0) input.image_urls = values.image_urls;
  const characterUrl = blankToUndefined(values.character_url);
  if (characterUrl !== undefined) input.character_url = characterUrl;
  const start = numberOrText(values.character_start);
  const end = numberOrText(values.character_end);
  if (start !== undefined) input.character_start = start;
  if (end !== undefined) input.character_end = end;
  return input;
}

/** What each shared field of the form sends, when the model takes it and it is filled in. */
const SHARED_INPUTS: Record<string, (values: ComposerValues) => unknown> = {
  duration: (v) => numberOrText(v.duration),
  aspect_ratio: (v) => blankToUndefined(v.aspect_ratio),
  resolution: (v) => blankToUndefined(v.resolution),
  first_frame_url: (v) => blankToUndefined(v.first_frame_url),
  last_frame_url: (v) => blankToUndefined(v.last_frame_url),
  reference_image_urls: (v) => (v.reference_image_urls.length > 0 ? v.reference_image_urls : undefined),
  reference_video_urls: (v) => {
    const urls = linesOf(v.reference_video_urls);
    return urls.length > 0 ? urls : undefined;
  },
  negative_prompt: (v) => blankToUndefined(v.negative_prompt),
  seed: (v) => numberOrText(v.seed),
  ...Object.fromEntries(
    TOGGLE_FIELDS.map((field) => [
      field,
      (v: ComposerValues) => (v[field] === "on" ? true : v[field] === "off" ? false : undefined),
    ]),
  ),
};

/** The request the form makes: only the fields its model takes, in the vocabulary's words. */
export function toGenerationInput(values: ComposerValues): GenerationInput {
  const spec = modelSpec(values.model);
  // Sora's body, as it always was (and an unknown model, which the schema then names).
  if (!spec || spec.sora) return soraInput(values) as GenerationInput;
  const input: Record<string, unknown> = { prompt: values.prompt, model: values.model };
  for (const field of fieldsOf(spec)) {
    const value = SHARED_INPUTS[field]?.(values);
    if (value !== undefined) input[field] = value;
  }
  return input as GenerationInput;
}

/**
 * The shared schema as the composer's resolver, run on the request the inputs make, each issue
 * worded by `text` (the reader's language in the browser; the schema's own English by default).
 */
export function composerResolver(
  options: Omit<SchemaResolverOptions<ComposerValues>, "transform"> = {},
): Resolver<ComposerValues, unknown, GenerationRequest> {
  return schemaResolver(generationSchema, { ...options, transform: toGenerationInput });
}
