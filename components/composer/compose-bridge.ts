"use client";
import { SORA_MODELS } from "@/lib/schemas/catalog";
import type { GenerationRequest } from "@/lib/schemas/generation";
import { composerDefaults, type ComposerValues } from "./form-values";

// How the rest of the studio starts a generation from something it shows (a task's "edit and
// re-run", a library version, a compared video): it fills the composer and lets the person
// look before paying. On the studio page the composer hears the event at once; from another
// page the values wait in the draft, which the composer restores when the studio page opens.

export const COMPOSE_EVENT = "studio:compose";
/** The composer's draft in localStorage (components/composer/draft.ts reads it). */
export const DRAFT_KEY = "sora-studio.draft.v1";

/** A stored request as the composer's inputs (text, as the DOM holds it). */
export function composerValuesFrom(request: Partial<GenerationRequest>): ComposerValues {
  const text = (n: number | undefined) => (n === undefined ? "" : String(n));
  return {
    prompt: request.prompt ?? composerDefaults.prompt,
    // The composer offers Sora's models for now; another service's request starts from the default.
    model: (SORA_MODELS as readonly string[]).includes(request.model ?? "")
      ? (request.model as ComposerValues["model"])
      : composerDefaults.model,
    size: request.size ?? composerDefaults.size,
    duration: request.duration === undefined ? composerDefaults.duration : String(request.duration),
    orientation: request.orientation ?? composerDefaults.orientation,
    image_urls: request.image_urls ?? [],
    character_url: request.character_url ?? "",
    character_start: text(request.character_start),
    character_end: text(request.character_end),
  };
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
