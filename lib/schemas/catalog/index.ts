import type { DurationSpec, ModelSpec } from "./model-spec";
import { MODEL_SPECS } from "./models";
import { FRAME_SIZES, ORIENTATIONS, SIZES, SORA_DEFAULTS, type Orientation, type Size } from "./sora";
import {
  RATIO_VALUE,
  SERVICES,
  TIER_SHORT_EDGE,
  shapeOfRatio,
  type AspectRatio,
  type Resolution,
  type ServiceId,
  type Shape,
} from "./vocabulary";

// Questions about the catalog, answered the same way in the browser, the server and the emulator.

export type { DurationSpec, ImageSpec, ModelRule, ModelSpec } from "./model-spec";
export { MODEL_SPECS } from "./models";
export * from "./sora";
export * from "./vocabulary";

export const MODEL_IDS = MODEL_SPECS.map((m) => m.id) as readonly string[];

const BY_ID = new Map(MODEL_SPECS.map((m) => [m.id, m]));

export function modelSpec(id: unknown): ModelSpec | undefined {
  return typeof id === "string" ? BY_ID.get(id) : undefined;
}

export const isModelId = (id: unknown): id is string => modelSpec(id) !== undefined;

/** The service a model belongs to; a model the catalog does not know is taken for Sora's (the studio's first). */
export function serviceOf(model: unknown): ServiceId {
  return modelSpec(model)?.service ?? "sora";
}

export function modelsOf(service: ServiceId): ModelSpec[] {
  return MODEL_SPECS.filter((m) => m.service === service);
}

/** Services with their models, in the composer's order. */
export function catalogByService(models: readonly ModelSpec[] = MODEL_SPECS) {
  return SERVICES.map((service) => ({ service, models: models.filter((m) => m.service === service) })).filter(
    (group) => group.models.length > 0,
  );
}

/** The lengths a model offers, in seconds (-1, "automatic", not included). */
export function durationValues(spec: DurationSpec): number[] {
  if (spec.kind === "fixed") return [spec.seconds];
  if (spec.kind === "choices") return [...spec.values];
  return Array.from({ length: spec.max - spec.min + 1 }, (_, i) => spec.min + i);
}

export function acceptsDuration(spec: DurationSpec, value: unknown): boolean {
  if (typeof value !== "number" || !Number.isInteger(value)) return false;
  if (spec.kind === "range") return (value >= spec.min && value <= spec.max) || (spec.auto === true && value === -1);
  return durationValues(spec).includes(value);
}

/** "10, 15 or 25 s", "4–12 s (or automatic)", "8 s". */
export function describeDurations(spec: DurationSpec): string {
  if (spec.kind === "range") return `${spec.min}–${spec.max} s${spec.auto ? " (or -1: automatic)" : ""}`;
  const values = durationValues(spec);
  return values.length === 1 ? `${values[0]} s` : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]} s`;
}

/** The request fields a model takes besides prompt and model. */
export function fieldsOf(spec: ModelSpec): string[] {
  const fields: string[] = [];
  if (spec.sora) fields.push("size", "orientation", "image_urls", "character_url", "character_start", "character_end");
  if (spec.duration.kind !== "fixed") fields.push("duration");
  if (spec.aspectRatios) fields.push("aspect_ratio");
  if (spec.resolutions) fields.push("resolution");
  if (spec.images.firstFrame) fields.push("first_frame_url");
  if (spec.images.lastFrame) fields.push("last_frame_url");
  if (spec.images.references && !spec.sora) fields.push("reference_image_urls");
  if (spec.referenceVideos) fields.push("reference_video_urls");
  if (spec.sound) fields.push("sound");
  if (spec.negativePromptMax) fields.push("negative_prompt");
  if (spec.seed) fields.push("seed");
  if (spec.cameraFixed) fields.push("camera_fixed");
  if (spec.promptExtend) fields.push("prompt_extend");
  if (spec.loop) fields.push("loop");
  return fields;
}

/** The model's defaults for every field it has one for. */
export function defaultsOf(spec: ModelSpec): Record<string, string | number> {
  if (spec.sora) return { ...SORA_DEFAULTS };
  const out: Record<string, string | number> = {};
  if (spec.duration.kind !== "fixed" && spec.defaultDuration !== undefined) out.duration = spec.defaultDuration;
  if (spec.defaultAspectRatio) out.aspect_ratio = spec.defaultAspectRatio;
  if (spec.defaultResolution) out.resolution = spec.defaultResolution;
  return out;
}

/** A request with the model's defaults filled in where it left them out (an unknown model: unchanged). */
export function withModelDefaults<R extends { model: string }>(request: R): R {
  const spec = modelSpec(request.model);
  if (!spec) return request;
  // The asked fields keep their order (a body reads prompt first); the defaults follow.
  const complete: Record<string, unknown> = { ...request };
  for (const [field, value] of Object.entries(defaultsOf(spec)))
    if (complete[field] === undefined) complete[field] = value;
  return complete as R;
}

type Settings = {
  model: string;
  duration?: number;
  size?: string;
  orientation?: string;
  aspect_ratio?: string;
  resolution?: string;
};

/** How long the clip will be, in seconds: the asked length, the model's own, or its default ("automatic": the default). */
export function lengthOf(request: Settings): number {
  const spec = modelSpec(request.model);
  if (!spec) return request.duration ?? SORA_DEFAULTS.duration;
  if (spec.duration.kind === "fixed") return spec.duration.seconds;
  const asked = request.duration;
  if (asked === undefined || asked < 0) return spec.defaultDuration ?? durationValues(spec.duration)[0] ?? 5;
  return asked;
}

/** The frame's pixel size (what the emulator renders and the player expects). */
export function frameOf(request: Settings): { width: number; height: number } {
  const spec = modelSpec(request.model);
  if (!spec || spec.sora) {
    const size = (SIZES as readonly string[]).includes(request.size ?? "")
      ? (request.size as Size)
      : SORA_DEFAULTS.size;
    const orientation = (ORIENTATIONS as readonly string[]).includes(request.orientation ?? "")
      ? (request.orientation as Orientation)
      : SORA_DEFAULTS.orientation;
    return FRAME_SIZES[size][orientation];
  }
  const ratio = (request.aspect_ratio ?? spec.defaultAspectRatio ?? "16:9") as AspectRatio;
  const tier = (request.resolution ?? spec.defaultResolution ?? "720p") as Resolution;
  const short = TIER_SHORT_EDGE[tier] ?? 720;
  const value = RATIO_VALUE[ratio] ?? 16 / 9;
  const even = (n: number) => Math.round(n / 2) * 2;
  return value >= 1 ? { width: even(short * value), height: short } : { width: short, height: even(short / value) };
}

/** Landscape, portrait or square: Sora's orientation, or the shape of the aspect ratio. */
export function shapeOf(request: Settings): Shape | null {
  const spec = modelSpec(request.model);
  if (!spec || spec.sora) return (request.orientation as Shape | undefined) ?? SORA_DEFAULTS.orientation;
  const ratio = (request.aspect_ratio ?? spec.defaultAspectRatio) as AspectRatio | undefined;
  return ratio && ratio !== "adaptive" ? shapeOfRatio(ratio) : null;
}

/** The resolution tier: Sora's size, or the resolution (the model's default when not asked). */
export function tierOf(request: Settings): string | null {
  const spec = modelSpec(request.model);
  if (!spec || spec.sora) return request.size ?? SORA_DEFAULTS.size;
  return request.resolution ?? spec.defaultResolution ?? null;
}
