import type { Resolver } from "react-hook-form";
import { schemaResolver, type SchemaResolverOptions } from "@/components/ui/form/schema-resolver";
import { generationSchema, type GenerationInput, type GenerationRequest } from "@/lib/schemas/generation";
import { DEFAULT_GENERATION, type Model, type Orientation, type Size } from "@/lib/schemas/rules";

// What the composer's inputs hold (text, as the DOM gives it) and how it becomes a request.
// Validation is the shared schema itself; this file only translates input text to values.

export type ComposerValues = {
  prompt: string;
  model: Model;
  size: Size;
  duration: string;
  orientation: Orientation;
  image_urls: string[];
  character_url: string;
  character_start: string;
  character_end: string;
};

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
};

/** The clip's fields judge each other (start < end, the span): a change to one re-checks all. */
export const CHARACTER_FIELDS = ["character_url", "character_start", "character_end"] as const;

const blankToUndefined = (text: string) => (text.trim() === "" ? undefined : text.trim());
const numberOrText = (text: string) => {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed; // text stays text, so the schema names the field
};

export function toGenerationInput(values: ComposerValues): GenerationInput {
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
