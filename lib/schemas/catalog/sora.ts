// Sora's own vocabulary (shared/acedata-sora-contract.md): its body predates the shared words
// of vocabulary.ts and is accepted unchanged, so its fields keep their names.

export const SORA_MODELS = ["sora-2", "sora-2-pro"] as const;
export type SoraModel = (typeof SORA_MODELS)[number];

export const SIZES = ["small", "large"] as const;
export type Size = (typeof SIZES)[number];

export const ORIENTATIONS = ["landscape", "portrait", "square"] as const;
export type Orientation = (typeof ORIENTATIONS)[number];

export const DURATIONS = [10, 15, 25] as const;
export type Duration = (typeof DURATIONS)[number];

/** 25 s clips are a `sora-2-pro` feature; `sora-2` refuses them. */
export const LONG_DURATION = 25 as const;
export const LONG_DURATION_MODEL: SoraModel = "sora-2-pro";

export function durationsFor(model: string): readonly Duration[] {
  return model === LONG_DURATION_MODEL ? DURATIONS : DURATIONS.filter((d) => d !== LONG_DURATION);
}

export const IMAGE_URLS_MAX = 4;

/** The span of the character clip used, in seconds: `0 <= start < end`, `1 <= end - start <= 3`. */
export const CHARACTER_SPAN_MIN_S = 1;
export const CHARACTER_SPAN_MAX_S = 3;

/** Pixel size of each size tier and orientation (used by the emulator to render matching clips). */
export const FRAME_SIZES: Record<Size, Record<Orientation, { width: number; height: number }>> = {
  small: {
    landscape: { width: 1280, height: 720 },
    portrait: { width: 720, height: 1280 },
    square: { width: 720, height: 720 },
  },
  large: {
    landscape: { width: 1792, height: 1024 },
    portrait: { width: 1024, height: 1792 },
    square: { width: 1024, height: 1024 },
  },
};

export const SORA_DEFAULTS = { size: "small", duration: 10, orientation: "landscape" } as const satisfies {
  size: Size;
  duration: Duration;
  orientation: Orientation;
};
