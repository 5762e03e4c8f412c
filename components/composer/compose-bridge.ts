"use client";
import { modelSpec } from "@/lib/schemas/catalog";
import type { GenerationRequest } from "@/lib/schemas/generation";
import { composerDefaults, composerDefaultsFor, TOGGLE_FIELDS, type ComposerValues } from "./form-values";

// How the rest of the studio starts a generation from something it shows (a task's "edit and
// re-run", a library version, a compared video): it fills the composer and lets the person
// look before paying. On the studio page the composer hears the event at once; from another
// page the values wait in the draft, which the composer restores when the studio page opens.

export const COMPOSE_EVENT = "studio:compose";
/** The composer's draft in localStorage (components/composer/draft.ts reads it). */
export const DRAFT_KEY = "sora-studio.draft.v1";

/** A stored request as the composer's inputs (text, as the DOM holds it), for any model of the catalog. */
export function composerValuesFrom(request: Partial<GenerationRequest>): ComposerValues {
  const text = (n: number | undefined) => (n === undefined ? "" : String(n));
  // A model the catalog does not know (an old bundle) starts from the default model.
  const model = modelSpec(request.model) ? (request.model as string) : composerDefaults.model;
  const start = composerDefaultsFor(model);
  const values: ComposerValues = {
    ...start,
    prompt: request.prompt ?? start.prompt,
    size: request.size ?? start.size,
    duration: request.duration === undefined ? start.duration : String(request.duration),
    orientation: request.orientation ?? start.orientation,
    image_urls: request.image_urls ?? [],
    character_url: request.character_url ?? "",
    character_start: text(request.character_start),
    character_end: text(request.character_end),
    aspect_ratio: request.aspect_ratio ?? start.aspect_ratio,
    resolution: request.resolution ?? start.resolution,
    first_frame_url: request.first_frame_url ?? "",
    last_frame_url: request.last_frame_url ?? "",
    reference_image_urls: request.reference_image_urls ?? [],
    reference_video_urls: (request.reference_video_urls ?? []).join("\n"),
    negative_prompt: request.negative_prompt ?? "",
    seed: text(request.seed),
  };
  for (const field of TOGGLE_FIELDS) {
    const value = request[field];
    values[field] = value === true ? "on" : value === false ? "off" : "";
  }
  return values;
}

/** Fills the composer with `request` (every field: what it leaves out goes back to the default). */
export function composeFrom(request: Partial<GenerationRequest>): void {
  const values = composerValuesFrom(request);
  try {
    window.localStorage.setItem(DRAFT_KEY, JSON.stringify(values));
  } catch {
    // storage off: the event still reaches a composer on this page
  }
  window.dispatchEvent(new CustomEvent<ComposerValues>(COMPOSE_EVENT, { detail: values }));
}
