// The studio's own words for what a video model takes, shared by every service. A request
// says `aspect_ratio: "16:9"` or `first_frame_url` whatever the service calls it; the catalog
// (models.ts) says which of these each model takes, and create-body.ts turns them into the
// service's own body. Nothing here names a service or a model.

/** The AceData services, in the order the composer lists them. */
export const SERVICES = ["sora", "veo", "seedance", "kling", "wan", "hailuo", "luma"] as const;
export type ServiceId = (typeof SERVICES)[number];

export const ASPECT_RATIOS = ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "adaptive"] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

/**
 * Resolution tiers, lowest first. `std`/`pro` are a service's named quality modes (about 720p and
 * 1080p); a model lists the tiers it has, and a quota cap compares tiers by this order.
 */
export const RESOLUTIONS = ["480p", "std", "720p", "pro", "1080p", "4k"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** The short edge of a frame at each tier, in pixels (what the emulator renders). */
export const TIER_SHORT_EDGE: Record<Resolution, number> = {
  "480p": 480,
  std: 720,
  "720p": 720,
  pro: 1080,
  "1080p": 1080,
  "4k": 2160,
};

/** Which way a frame is longer; the gallery filters on it across every service. */
export const SHAPES = ["landscape", "portrait", "square"] as const;
export type Shape = (typeof SHAPES)[number];

/** Width over height of each ratio; "adaptive" (the model follows its input) is rendered as 16:9. */
export const RATIO_VALUE: Record<AspectRatio, number> = {
  "16:9": 16 / 9,
  "9:16": 9 / 16,
  "1:1": 1,
  "4:3": 4 / 3,
  "3:4": 3 / 4,
  "21:9": 21 / 9,
  adaptive: 16 / 9,
};

export function shapeOfRatio(ratio: AspectRatio): Shape {
  const value = RATIO_VALUE[ratio];
  return value > 1 ? "landscape" : value < 1 ? "portrait" : "square";
}

/** Seeds as the services that take one accept them: -1 (random) to 2^32 − 1. */
export const SEED_MIN = -1;
export const SEED_MAX = 4_294_967_295;
