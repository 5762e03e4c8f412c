import type { ModelRule, ModelSpec } from "./model-spec";
import { DURATIONS, LONG_DURATION, LONG_DURATION_MODEL } from "./sora";
import type { AspectRatio } from "./vocabulary";

// The catalog: every model of the seven AceData video services and what each takes
// (shared/acedata-video-providers.md, the provider's OpenAPI files). The form, the server's
// schema, variations, quotas, filters and the emulator all read this list; no other file names
// a model.

const WIDE: readonly AspectRatio[] = ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"];
const SEEDANCE_RATIOS: readonly AspectRatio[] = [...WIDE, "adaptive"];
const KLING_RATIOS: readonly AspectRatio[] = ["16:9", "9:16", "1:1"];

const soraLong: ModelRule = {
  path: "duration",
  i18n: "duration.needsModel",
  params: { duration: LONG_DURATION, model: LONG_DURATION_MODEL },
  message: `${LONG_DURATION} s videos need ${LONG_DURATION_MODEL}; pick ${LONG_DURATION_MODEL} or a shorter duration`,
  breaks: (r) => r.duration === LONG_DURATION,
};

const sora = (id: string, label: string, blurb: string, rules: ModelRule[] = []): ModelSpec => ({
  id,
  service: "sora",
  label,
  blurb,
  duration: { kind: "choices", values: DURATIONS },
  defaultDuration: 10,
  images: { references: { min: 0, max: 4 } },
  sora: true,
  rules,
});

const veo = (id: string, label: string, blurb: string): ModelSpec => ({
  id,
  service: "veo",
  label,
  blurb,
  duration: { kind: "fixed", seconds: 8 },
  aspectRatios: ["16:9", "9:16"],
  defaultAspectRatio: "16:9",
  resolutions: ["1080p", "4k"],
  defaultResolution: "1080p",
  images: { firstFrame: "optional", lastFrame: true },
});

function seedance(
  id: string,
  label: string,
  blurb: string,
  options: {
    range: [number, number];
    auto?: boolean;
    top: "720p" | "1080p" | "4k";
    sound?: boolean;
    images: ModelSpec["images"];
    lite?: boolean;
  },
): ModelSpec {
  const tiers = ["480p", "720p", "1080p", "4k"] as const;
  return {
    id,
    service: "seedance",
    label,
    blurb,
    duration: { kind: "range", min: options.range[0], max: options.range[1], ...(options.auto ? { auto: true } : {}) },
    defaultDuration: 5,
    aspectRatios: SEEDANCE_RATIOS,
    defaultAspectRatio: "16:9",
    resolutions: tiers.slice(0, tiers.indexOf(options.top) + 1),
    defaultResolution: options.lite ? "480p" : "720p",
    images: options.images,
    seed: true,
    cameraFixed: true,
    ...(options.sound ? { sound: true } : {}),
  };
}

const endFrameFiveSeconds: ModelRule = {
  path: "duration",
  i18n: "lastFrame.fiveSeconds",
  params: { seconds: 5 },
  message: "With a last frame, Kling makes 5 s clips only; pick 5 s or remove the last frame",
  breaks: (r) => r.last_frame_url !== undefined && r.duration !== 5,
};
const endFrameNeedsPro = (model: string): ModelRule => ({
  path: "resolution",
  i18n: "lastFrame.needsPro",
  params: { model },
  message: `A last frame on ${model} needs the pro mode; pick pro or remove the last frame`,
  breaks: (r) => r.last_frame_url !== undefined && r.resolution !== "pro",
});

function kling(
  id: string,
  label: string,
  blurb: string,
  options: {
    duration?: ModelSpec["duration"];
    fourK?: boolean;
    lastFrame?: boolean;
    sound?: boolean;
    rules?: ModelRule[];
  },
): ModelSpec {
  return {
    id,
    service: "kling",
    label,
    blurb,
    duration: options.duration ?? { kind: "choices", values: [5, 10] },
    defaultDuration: 5,
    aspectRatios: KLING_RATIOS,
    defaultAspectRatio: "16:9",
    resolutions: options.fourK ? ["std", "pro", "4k"] : ["std", "pro"],
    defaultResolution: "std",
    images: { firstFrame: "optional", lastFrame: options.lastFrame !== false },
    negativePromptMax: 200,
    ...(options.sound ? { sound: true } : {}),
    rules: [...(options.lastFrame !== false ? [endFrameFiveSeconds] : []), ...(options.rules ?? [])],
  };
}

const wanCommon = {
  service: "wan",
  duration: { kind: "choices", values: [5, 10, 15] },
  defaultDuration: 5,
  resolutions: ["480p", "720p", "1080p"],
  defaultResolution: "720p",
  sound: true,
  negativePromptMax: 500,
  promptExtend: true,
} as const satisfies Partial<ModelSpec>;

const hailuo = (id: string, label: string, blurb: string, images: ModelSpec["images"]): ModelSpec => ({
  id,
  service: "hailuo",
  label,
  blurb,
  duration: { kind: "fixed", seconds: 6 },
  images,
});

export const MODEL_SPECS: readonly ModelSpec[] = [
  sora("sora-2", "Sora 2", "OpenAI's Sora: 10 or 15 s, reference images and a character clip", [soraLong]),
  sora("sora-2-pro", "Sora 2 Pro", "Sora at higher fidelity, and the only one that makes 25 s"),

  veo("veo3-fast", "Veo 3 Fast", "Google's Veo 3, quicker and cheaper: 8 s with sound, first and last frame"),
  veo("veo3", "Veo 3", "Google's Veo 3: 8 s with native sound, up to 4K"),
  veo("veo31-fast", "Veo 3.1 Fast", "Veo 3.1 at speed: better motion and prompt following"),
  veo("veo31", "Veo 3.1", "Google's newest Veo: the most faithful to the prompt"),
  {
    ...veo("veo31-fast-ingredients", "Veo 3.1 Ingredients", "Veo 3.1 Fast built from 1–3 ingredient images"),
    images: { references: { min: 1, max: 3 } },
  },

  seedance(
    "doubao-seedance-1-5-pro-251215",
    "Seedance 1.5 Pro",
    "ByteDance's Seedance with sound: 4–12 s, first and last frame",
    {
      range: [4, 12],
      auto: true,
      top: "1080p",
      sound: true,
      images: { firstFrame: "optional", lastFrame: true },
    },
  ),
  seedance(
    "doubao-seedance-2-0-260128",
    "Seedance 2.0",
    "Seedance 2.0: 4–15 s, up to 4K, sound, frames or reference images",
    {
      range: [4, 15],
      auto: true,
      top: "4k",
      sound: true,
      images: { firstFrame: "optional", lastFrame: true, references: { min: 0, max: 4 }, referencesAlone: true },
    },
  ),
  seedance("doubao-seedance-2-0-fast-260128", "Seedance 2.0 Fast", "Seedance 2.0 at speed, up to 720p", {
    range: [4, 15],
    auto: true,
    top: "720p",
    sound: true,
    images: { firstFrame: "optional", lastFrame: true, references: { min: 0, max: 4 }, referencesAlone: true },
  }),
  seedance("doubao-seedance-2-0-mini-260615", "Seedance 2.0 Mini", "The lightest Seedance 2.0, up to 720p", {
    range: [4, 15],
    auto: true,
    top: "720p",
    sound: true,
    images: { firstFrame: "optional", lastFrame: true, references: { min: 0, max: 4 }, referencesAlone: true },
  }),
  seedance("doubao-seedance-1-0-pro-250528", "Seedance 1.0 Pro", "Seedance 1.0: 2–12 s, first and last frame", {
    range: [2, 12],
    top: "1080p",
    images: { firstFrame: "optional", lastFrame: true },
  }),
  seedance("doubao-seedance-1-0-pro-fast-251015", "Seedance 1.0 Pro Fast", "Seedance 1.0 Pro, quicker and cheaper", {
    range: [2, 12],
    top: "1080p",
    images: { firstFrame: "optional", lastFrame: true },
  }),
  seedance("doubao-seedance-1-0-lite-t2v-250428", "Seedance 1.0 Lite (text)", "The cheapest Seedance, from text only", {
    range: [2, 12],
    top: "1080p",
    lite: true,
    images: {},
  }),
  seedance("doubao-seedance-1-0-lite-i2v-250428", "Seedance 1.0 Lite (image)", "Cheap Seedance that animates images", {
    range: [2, 12],
    top: "1080p",
    lite: true,
    images: {
      firstFrame: "optional",
      lastFrame: true,
      references: { min: 0, max: 4 },
      referencesAlone: true,
      needsImage: true,
    },
  }),

  kling("kling-v2-6", "Kling 2.6", "Kuaishou's Kling 2.6: 5 or 10 s, sound in pro mode", {
    sound: true,
    rules: [
      endFrameNeedsPro("kling-v2-6"),
      {
        path: "sound",
        i18n: "sound.needsPro",
        params: { model: "kling-v2-6" },
        message: "Sound on kling-v2-6 needs the pro mode; pick pro or turn sound off",
        breaks: (r) => r.sound === true && r.resolution !== "pro",
      },
    ],
  }),
  kling("kling-v3", "Kling 3", "Kling 3: any length from 3 to 15 s, native 4K, sound", {
    duration: { kind: "range", min: 3, max: 15 },
    fourK: true,
    sound: true,
  }),
  kling("kling-v3-omni", "Kling 3 Omni", "Kling 3 for all-round references: 3–15 s, 4K, sound", {
    duration: { kind: "range", min: 3, max: 15 },
    fourK: true,
    sound: true,
  }),
  kling("kling-o1", "Kling O1", "Kling's reasoning model: 5 s clips", { duration: { kind: "choices", values: [5] } }),
  kling("kling-v2-5-turbo", "Kling 2.5 Turbo", "Fast Kling 2.5: 5 or 10 s", {
    rules: [endFrameNeedsPro("kling-v2-5-turbo")],
  }),
  kling("kling-v2-1-master", "Kling 2.1 Master", "Kling 2.1 at its best quality; no last frame", { lastFrame: false }),
  kling("kling-v2-master", "Kling 2 Master", "Kling 2 at its best quality; no last frame", { lastFrame: false }),
  kling("kling-v1-6", "Kling 1.6", "Kling 1.6: 5 or 10 s", { rules: [endFrameNeedsPro("kling-v1-6")] }),
  kling("kling-v1", "Kling 1", "The first Kling, the cheapest: 5 or 10 s", {}),

  {
    ...wanCommon,
    id: "wan2.6-t2v",
    label: "Wan 2.6 (text)",
    blurb: "Alibaba's Wan from text: 5, 10 or 15 s with sound",
    aspectRatios: ["16:9", "9:16", "1:1", "4:3", "3:4"],
    defaultAspectRatio: "16:9",
    images: {},
  },
  {
    ...wanCommon,
    id: "wan2.6-i2v",
    label: "Wan 2.6 (image)",
    blurb: "Wan animates a first frame: 5, 10 or 15 s with sound",
    images: { firstFrame: "required" },
  },
  {
    ...wanCommon,
    id: "wan2.6-i2v-flash",
    label: "Wan 2.6 Flash (image)",
    blurb: "Quicker Wan image-to-video",
    images: { firstFrame: "required" },
  },
  {
    ...wanCommon,
    id: "wan2.6-r2v",
    label: "Wan 2.6 (reference clips)",
    blurb: "Wan casts the people of 1–3 reference clips in a new video",
    aspectRatios: ["16:9", "9:16", "1:1", "4:3", "3:4"],
    defaultAspectRatio: "16:9",
    images: {},
    referenceVideos: { min: 1, max: 3 },
  },

  hailuo("minimax-t2v", "Hailuo (text)", "MiniMax's Hailuo from text: 6 s clips", {}),
  hailuo("minimax-i2v", "Hailuo (image)", "Hailuo animates a first frame: 6 s", { firstFrame: "required" }),
  hailuo("minimax-i2v-director", "Hailuo Director", "Hailuo image-to-video with camera directions in the prompt", {
    firstFrame: "required",
  }),

  {
    id: "luma",
    service: "luma",
    label: "Luma Dream Machine",
    blurb: "Luma: 5 s clips, first and last frame, loops",
    duration: { kind: "fixed", seconds: 5 },
    aspectRatios: WIDE,
    defaultAspectRatio: "16:9",
    images: { firstFrame: "optional", lastFrame: true },
    loop: true,
    promptExtend: true,
  },
];
