import {
  acceptsDuration,
  durationValues,
  fieldsOf,
  modelSpec,
  RESOLUTIONS,
  shapeOfRatio,
  TIER_SHORT_EDGE,
  type AspectRatio,
  type ModelSpec,
  type Resolution,
} from "@/lib/schemas/catalog";
import { linesOf, TOGGLE_FIELDS, type ComposerValues } from "./form-values";

// What a model switch does to the form: what still fits is kept, a choice the new model does
// not have becomes the nearest it has, and every field it does not take is named (it stays in
// the form, so switching back brings it back, but it is not sent). The composer says all of it
// in one line: nothing silently vanishes.

export type SwitchChange =
  | { kind: "changed"; field: "duration" | "aspect_ratio" | "resolution"; from: string; to: string }
  | { kind: "dropped"; field: DroppableField };

/** The fields whose loss a switch reports (the character clip stands for its start and end). */
const DROPPABLE = [
  "image_urls",
  "character_url",
  "first_frame_url",
  "last_frame_url",
  "reference_image_urls",
  "reference_video_urls",
  "negative_prompt",
  "seed",
  ...TOGGLE_FIELDS,
] as const;
export type DroppableField = (typeof DROPPABLE)[number];

function isFilled(values: ComposerValues, field: DroppableField): boolean {
  const value = values[field];
  if (Array.isArray(value)) return value.length > 0;
  if (field === "reference_video_urls") return linesOf(value).length > 0;
  return value.trim() !== "";
}

const ORIENTATION_RATIO = { landscape: "16:9", portrait: "9:16", square: "1:1" } as const;
/** Sora's sizes as the tiers of the other services (small is 720p, large about 1080p). */
const SIZE_TIER = { small: "720p", large: "1080p" } as const;

/** The tier of `list` closest to `wanted` in pixels (Kling's std is 720p), the lower one on a tie. */
export function nearestTier(list: readonly Resolution[], wanted: string): Resolution | undefined {
  const edge = TIER_SHORT_EDGE[wanted as Resolution];
  if (edge === undefined) return undefined;
  const gap = (tier: Resolution) => Math.abs(TIER_SHORT_EDGE[tier] - edge);
  let best: Resolution | undefined;
  for (const tier of list) if (best === undefined || gap(tier) < gap(best)) best = tier;
  return best;
}

/** The length the form would say for `spec` ("" when the model takes none). */
const durationText = (spec: ModelSpec, values: ComposerValues) =>
  spec.duration.kind === "fixed" ? String(spec.duration.seconds) : values.duration;

/** The values to set when the form goes from its current model to `to`, and what that changes. */
export function switchModel(
  values: ComposerValues,
  to: string,
): { updates: Partial<ComposerValues>; changes: SwitchChange[] } {
  const from = modelSpec(values.model);
  const next = modelSpec(to);
  const updates: Partial<ComposerValues> = {};
  const changes: SwitchChange[] = [];
  if (!next || !from || from.id === next.id) return { updates, changes };
  const had = new Set(fieldsOf(from));
  const takes = new Set(fieldsOf(next));

  // The length: the one the form showed, when the new model makes it; else the model's default.
  const seenLength = durationText(from, values);
  if (next.duration.kind === "fixed") {
    if (seenLength !== String(next.duration.seconds))
      changes.push({ kind: "changed", field: "duration", from: seenLength, to: String(next.duration.seconds) });
  } else {
    const fits = seenLength.trim() !== "" && acceptsDuration(next.duration, Number(seenLength));
    const length = fits ? seenLength : String(next.defaultDuration ?? durationValues(next.duration)[0]);
    if (length !== values.duration) updates.duration = length;
    if (seenLength.trim() !== "" && length !== seenLength)
      changes.push({ kind: "changed", field: "duration", from: seenLength, to: length });
  }

  // The frame's shape: Sora's orientation and the others' aspect ratios stand for each other.
  const seenRatio = had.has("aspect_ratio")
    ? values.aspect_ratio
    : from.sora
      ? ORIENTATION_RATIO[values.orientation]
      : "";
  if (next.aspectRatios) {
    const ratio = next.aspectRatios.includes(seenRatio as AspectRatio)
      ? seenRatio
      : next.aspectRatios.includes(values.aspect_ratio as AspectRatio)
        ? values.aspect_ratio
        : (next.defaultAspectRatio ?? next.aspectRatios[0] ?? "");
    if (ratio !== values.aspect_ratio) updates.aspect_ratio = ratio;
    if (seenRatio !== "" && ratio !== seenRatio)
      changes.push({ kind: "changed", field: "aspect_ratio", from: seenRatio, to: ratio });
  } else if (next.sora && had.has("aspect_ratio") && seenRatio !== "" && seenRatio !== "adaptive") {
    const orientation = shapeOfRatio(seenRatio as AspectRatio);
    if (orientation !== values.orientation) updates.orientation = orientation;
  }

  // The resolution: the nearest tier the new model has.
  const seenTier = had.has("resolution") ? values.resolution : from.sora ? SIZE_TIER[values.size] : "";
  if (next.resolutions) {
    const tier =
      nearestTier(next.resolutions, seenTier) ??
      nearestTier(next.resolutions, values.resolution) ??
      next.defaultResolution ??
      next.resolutions[0] ??
      "";
    if (tier !== values.resolution) updates.resolution = tier;
    if (had.has("resolution") && seenTier !== "" && tier !== seenTier)
      changes.push({ kind: "changed", field: "resolution", from: seenTier, to: tier });
  } else if (next.sora && had.has("resolution")) {
    const size = RESOLUTIONS.indexOf(values.resolution as Resolution) >= RESOLUTIONS.indexOf("pro") ? "large" : "small";
    if (size !== values.size) updates.size = size;
  }

  for (const field of DROPPABLE)
    if (had.has(field) && !takes.has(field) && isFilled(values, field)) changes.push({ kind: "dropped", field });
  return { updates, changes };
}
