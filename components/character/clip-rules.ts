import { CHARACTER_SPAN_MAX_S, CHARACTER_SPAN_MIN_S } from "@/lib/schemas/rules";

// The rules a character clip adds on top of the shared schema once the browser knows the
// clip: it must be long enough to hold a span, and the span must end inside it. The schema
// itself checks `start < end` and the 1–3 s span; these need the clip's length.

export type ClipInfo = { durationS?: number; error?: string };
export type ClipProblem = {
  path: "character_url" | "character_end";
  rule: "clip_too_short" | "end_past_clip";
  durationS: number;
};

/** The seconds a span field's text holds, or undefined while it holds none (blank, or not a number). */
export function secondsIn(text: string): number | undefined {
  const seconds = Number(text);
  return text.trim() !== "" && Number.isFinite(seconds) ? seconds : undefined;
}

/** Seconds shown and stepped at a tenth of a second. */
export const CLIP_STEP_S = 0.1;
export const floorToStep = (seconds: number) => Math.floor(seconds / CLIP_STEP_S + 1e-9) * CLIP_STEP_S;
export const roundToStep = (seconds: number) => Math.round(seconds / CLIP_STEP_S) * CLIP_STEP_S;

export function clipProblems(durationS: number | undefined, end: number | undefined): ClipProblem[] {
  if (durationS === undefined) return [];
  if (durationS < CHARACTER_SPAN_MIN_S) return [{ path: "character_url", rule: "clip_too_short", durationS }];
  if (end !== undefined && end > durationS + 1e-6) return [{ path: "character_end", rule: "end_past_clip", durationS }];
  return [];
}

/** A clip problem in words, by the `composer.character` messages it is named in. */
export function clipProblemText(
  problem: ClipProblem,
  t: (key: "tooShort" | "endPastClip", values: Record<string, string | number>) => string,
): string {
  const length = problem.durationS.toFixed(1);
  return problem.rule === "clip_too_short"
    ? t("tooShort", { seconds: length, min: CHARACTER_SPAN_MIN_S })
    : t("endPastClip", { length });
}

/** The span picked for a clip just loaded: from its start, as long as allowed and as it has. */
export function defaultSpan(durationS: number): { start: number; end: number } {
  return { start: 0, end: floorToStep(Math.min(CHARACTER_SPAN_MAX_S, durationS)) };
}
