import type { GenerationRequest } from "@/lib/schemas/generation";
import { lengthOf, shapeOf, tierOf } from "@/lib/schemas/catalog";

// Which request fields differ between the compared tasks: the table shows every field for every
// video and marks the rows whose values are not all the same.

export const COMPARED_FIELDS = ["model", "size", "duration", "orientation", "prompt", "images", "character"] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** A character clip as compared: the clip and its span (in seconds), or none. */
export type CharacterValue = { url: string; start: number | null; end: number | null } | null;

export type FieldValues = {
  model: string;
  size: string | null;
  duration: number;
  orientation: string | null;
  prompt: string;
  images: number;
  character: CharacterValue;
};

export type FieldRow<F extends ComparedField = ComparedField> = {
  field: F;
  values: FieldValues[F][];
  differs: boolean;
};

/** The compared values of one request. Prompts are compared as written, trimmed. */
export function fieldValues(request: GenerationRequest): FieldValues {
  return {
    model: request.model,
    size: tierOf(request),
    duration: lengthOf(request),
    orientation: shapeOf(request),
    prompt: request.prompt.trim(),
    images: request.image_urls?.length ?? 0,
    character: request.character_url
      ? { url: request.character_url, start: request.character_start ?? null, end: request.character_end ?? null }
      : null,
  };
}

/** One row per field, in COMPARED_FIELDS order; `differs` when at least two of the requests disagree. */
export function compareFields(requests: readonly GenerationRequest[]): FieldRow[] {
  const all = requests.map(fieldValues);
  return COMPARED_FIELDS.map((field) => {
    const values = all.map((v) => v[field]);
    const distinct = new Set(values.map((v) => JSON.stringify(v)));
    return { field, values, differs: distinct.size > 1 } as FieldRow;
  });
}
