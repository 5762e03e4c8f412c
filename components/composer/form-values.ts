import { toNestErrors } from "@hookform/resolvers";
import type { FieldError, Resolver } from "react-hook-form";
import type { SchemaIssue } from "@/lib/i18n/schema-issues";
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

type ComposerResolver = Resolver<ComposerValues, unknown, GenerationRequest>;
/** An error the browser alone can know of (a clip's length, an upload still running), at its field. */
export type LocalIssue = { path: "image_urls" | "character_url" | "character_end"; message: string };

/**
 * The shared schema as the form's resolver, each issue worded by `text` (the reader's language
 * in the browser; the schema's own English by default). The first issue at a field wins.
 */
export function composerResolver(text: (issue: SchemaIssue) => string = (issue) => issue.message): ComposerResolver {
  return async (values, _context, options) => {
    const parsed = generationSchema.safeParse(toGenerationInput(values));
    if (parsed.success) return { values: parsed.data, errors: {} };
    const errors: Record<string, FieldError> = {};
    for (const issue of parsed.error.issues)
      errors[issue.path.join(".")] ??= { type: issue.code, message: text(issue) };
    return { values: {}, errors: toNestErrors(errors, options) };
  };
}

/**
 * The schema's verdict plus the browser's own checks. The schema's message wins at a field
 * (it is the rule the server applies too); a local one fills a field the schema found fine.
 */
export function withLocalIssues(
  resolver: ComposerResolver,
  localIssues: (values: ComposerValues) => LocalIssue[],
): ComposerResolver {
  return async (values, context, options) => {
    const result = await resolver(values, context, options);
    const issues = localIssues(values).filter((issue) => !(issue.path in result.errors));
    if (issues.length === 0) return result;
    const errors = { ...result.errors };
    for (const issue of issues)
      (errors as Record<string, unknown>)[issue.path] = { type: "local", message: issue.message };
    return { values: {}, errors };
  };
}
