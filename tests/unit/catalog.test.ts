import { describe, expect, it } from "vitest";
import {
  defaultsOf,
  fieldsOf,
  frameOf,
  lengthOf,
  MODEL_IDS,
  MODEL_SPECS,
  modelSpec,
  SERVICES,
  serviceOf,
  withModelDefaults,
} from "@/lib/schemas/catalog";
import { createCall } from "@/lib/schemas/catalog/create-body";
import { generationSchema, toFieldIssues } from "@/lib/schemas/generation";

// The catalog is the one source of what each model takes: these tests read every entry and
// hold the schema, the create bodies and the rules to it.

const IMAGE = "https://example.com/frame.png";
const IMAGE_2 = "https://example.com/last.png";
const CLIP = "https://example.com/person.mp4";

function issues(input: unknown) {
  const result = generationSchema.safeParse(input);
  return result.success ? [] : toFieldIssues(result.error);
}

/** The least a model needs besides a prompt (its required images). */
function minimal(id: string): Record<string, unknown> {
  const spec = modelSpec(id);
  const request: Record<string, unknown> = { model: id, prompt: "A lighthouse in a storm" };
  if (spec?.images.firstFrame === "required" || spec?.images.needsImage) request.first_frame_url = IMAGE;
  if ((spec?.images.references?.min ?? 0) > 0 && !spec?.sora) request.reference_image_urls = [IMAGE];
  if (spec?.referenceVideos) request.reference_video_urls = [CLIP];
  return request;
}

describe("the catalog", () => {
  it("has every model of the seven services, each id once", () => {
    expect(new Set(MODEL_SPECS.map((m) => m.service))).toEqual(new Set(SERVICES));
    expect(new Set(MODEL_IDS).size).toBe(MODEL_IDS.length);
    for (const id of [
      "sora-2",
      "veo3-fast",
      "doubao-seedance-1-5-pro-251215",
      "kling-v2-6",
      "wan2.6-t2v",
      "minimax-t2v",
      "luma",
    ])
      expect(MODEL_IDS).toContain(id);
  });

  it.each(MODEL_IDS)("%s: a request with only its model and a prompt (and its required images) is valid", (id) => {
    expect(issues(minimal(id))).toEqual([]);
  });

  it.each(MODEL_IDS)("%s: its own defaults are choices it accepts", (id) => {
    const spec = modelSpec(id);
    if (!spec) throw new Error(id);
    expect(issues({ ...minimal(id), ...defaultsOf(spec) })).toEqual([]);
  });

  it.each(MODEL_IDS)("%s: the create body goes to its own service", (id) => {
    const call = createCall(minimal(id) as never);
    expect(call.service).toBe(serviceOf(id));
    expect(call.path).toBe(`/${serviceOf(id)}/videos`);
  });

  it("refuses an unknown model at model, listing the models", () => {
    const [issue] = issues({ model: "veo4", prompt: "x" });
    expect(issue?.path).toBe("model");
    expect(issue?.message).toContain("kling-v2-6");
  });

  it("names a field the model does not take, and which models of its service do", () => {
    expect(issues({ ...minimal("kling-v2-master"), first_frame_url: IMAGE, last_frame_url: IMAGE_2 })).toEqual([
      {
        path: "last_frame_url",
        message: expect.stringMatching(/^kling-v2-master does not take a last frame; .*kling-v2-6/),
      },
    ]);
    expect(issues({ model: "veo3-fast", prompt: "x", duration: 8 })).toEqual([
      { path: "duration", message: "veo3-fast makes 8 s clips; it takes no duration" },
    ]);
    expect(issues({ model: "minimax-t2v", prompt: "x", aspect_ratio: "16:9" })[0]?.path).toBe("aspect_ratio");
    expect(issues({ model: "sora-2", prompt: "x", first_frame_url: IMAGE })[0]?.path).toBe("first_frame_url");
    expect(issues({ model: "veo3", prompt: "x", image_urls: [IMAGE] })[0]?.path).toBe("image_urls");
  });

  it("still calls a key outside the vocabulary an unknown field", () => {
    expect(issues({ model: "luma", prompt: "x", colour: "red" })).toContainEqual({
      path: "colour",
      message: "Unknown field: colour",
    });
  });
});

/** Each rule of the issue, refused and then accepted once fixed. */
const RULES: {
  name: string;
  bad: Record<string, unknown>;
  path: string;
  words: RegExp;
  good: Record<string, unknown>;
}[] = [
  {
    name: "Sora's 25 s needs sora-2-pro",
    bad: { model: "sora-2", prompt: "x", duration: 25 },
    path: "duration",
    words: /sora-2-pro/,
    good: { model: "sora-2-pro", prompt: "x", duration: 25 },
  },
  {
    name: "Seedance 4k only on doubao-seedance-2-0-260128",
    bad: { model: "doubao-seedance-1-5-pro-251215", prompt: "x", resolution: "4k" },
    path: "resolution",
    words: /4k needs doubao-seedance-2-0-260128/,
    good: { model: "doubao-seedance-2-0-260128", prompt: "x", resolution: "4k" },
  },
  {
    name: "Seedance 2.0 fast stops at 720p",
    bad: { model: "doubao-seedance-2-0-fast-260128", prompt: "x", resolution: "1080p" },
    path: "resolution",
    words: /offers 480p, 720p/,
    good: { model: "doubao-seedance-2-0-fast-260128", prompt: "x", resolution: "720p" },
  },
  {
    name: "Seedance 2.0 mini stops at 720p",
    bad: { model: "doubao-seedance-2-0-mini-260615", prompt: "x", resolution: "4k" },
    path: "resolution",
    words: /offers 480p, 720p/,
    good: { model: "doubao-seedance-2-0-mini-260615", prompt: "x", resolution: "480p" },
  },
  {
    name: "Seedance durations per series",
    bad: { model: "doubao-seedance-1-0-pro-250528", prompt: "x", duration: 13 },
    path: "duration",
    words: /2–12 s/,
    good: { model: "doubao-seedance-2-0-260128", prompt: "x", duration: 13 },
  },
  {
    name: "Seedance image roles not mixed",
    bad: { model: "doubao-seedance-2-0-260128", prompt: "x", first_frame_url: IMAGE, reference_image_urls: [IMAGE_2] },
    path: "reference_image_urls",
    words: /not both/,
    good: { model: "doubao-seedance-2-0-260128", prompt: "x", reference_image_urls: [IMAGE, IMAGE_2] },
  },
  {
    name: "Kling 4k only on v3",
    bad: { model: "kling-v2-6", prompt: "x", resolution: "4k" },
    path: "resolution",
    words: /4k needs kling-v3/,
    good: { model: "kling-v3", prompt: "x", resolution: "4k" },
  },
  {
    name: "Kling v2-6 end frame needs pro mode",
    bad: { model: "kling-v2-6", prompt: "x", first_frame_url: IMAGE, last_frame_url: IMAGE_2 },
    path: "resolution",
    words: /needs the pro mode/,
    good: { model: "kling-v2-6", prompt: "x", first_frame_url: IMAGE, last_frame_url: IMAGE_2, resolution: "pro" },
  },
  {
    name: "Kling end frame means 5 s",
    bad: { model: "kling-v1", prompt: "x", first_frame_url: IMAGE, last_frame_url: IMAGE_2, duration: 10 },
    path: "duration",
    words: /5 s clips only/,
    good: { model: "kling-v1", prompt: "x", first_frame_url: IMAGE, last_frame_url: IMAGE_2, duration: 5 },
  },
  {
    name: "Kling v3 takes any whole length from 3 to 15",
    bad: { model: "kling-v3", prompt: "x", duration: 16 },
    path: "duration",
    words: /3–15 s/,
    good: { model: "kling-v3", prompt: "x", duration: 7 },
  },
  {
    name: "Sound only where the model has it",
    bad: { model: "kling-v1", prompt: "x", sound: true },
    path: "sound",
    words: /does not take sound/,
    good: { model: "kling-v3", prompt: "x", sound: true },
  },
  {
    name: "Kling v2-6 sound in pro mode only",
    bad: { model: "kling-v2-6", prompt: "x", sound: true },
    path: "sound",
    words: /pro mode/,
    good: { model: "kling-v2-6", prompt: "x", sound: true, resolution: "pro" },
  },
  {
    name: "Wan image-to-video needs an image",
    bad: { model: "wan2.6-i2v", prompt: "x" },
    path: "first_frame_url",
    words: /add a first frame/,
    good: { model: "wan2.6-i2v", prompt: "x", first_frame_url: IMAGE },
  },
  {
    name: "A last frame needs a first frame",
    bad: { model: "luma", prompt: "x", last_frame_url: IMAGE },
    path: "last_frame_url",
    words: /needs a first frame/,
    good: { model: "luma", prompt: "x", first_frame_url: IMAGE_2, last_frame_url: IMAGE },
  },
  {
    name: "Veo ingredients: 1–3 images",
    bad: { model: "veo31-fast-ingredients", prompt: "x", reference_image_urls: [IMAGE, IMAGE, IMAGE, IMAGE] },
    path: "reference_image_urls",
    words: /at most 3/,
    good: { model: "veo31-fast-ingredients", prompt: "x", reference_image_urls: [IMAGE, IMAGE_2] },
  },
  {
    name: "Kling's negative prompt is at most 200 characters",
    bad: { model: "kling-v1", prompt: "x", negative_prompt: "n".repeat(201) },
    path: "negative_prompt",
    words: /at most 200/,
    good: { model: "wan2.6-t2v", prompt: "x", negative_prompt: "n".repeat(201) },
  },
];

describe("each model's rules, both ways", () => {
  it.each(RULES)("$name", ({ bad, path, words, good }) => {
    const found = issues(bad);
    expect(found.map((i) => i.path)).toContain(path);
    expect(found.find((i) => i.path === path)?.message).toMatch(words);
    expect(issues(good)).toEqual([]);
  });
});

describe("request → create body", () => {
  it("Sora: the studio's request unchanged, its defaults filled in", () => {
    expect(createCall({ model: "sora-2", prompt: "p" })).toEqual({
      service: "sora",
      path: "/sora/videos",
      body: { model: "sora-2", prompt: "p", size: "small", duration: 10, orientation: "landscape" },
    });
  });

  it("Veo: image2video with the first and last frame", () => {
    expect(
      createCall({ model: "veo3", prompt: "p", first_frame_url: IMAGE, last_frame_url: IMAGE_2, aspect_ratio: "9:16" })
        .body,
    ).toEqual({
      action: "image2video",
      model: "veo3",
      prompt: "p",
      aspect_ratio: "9:16",
      resolution: "1080p",
      image_urls: [IMAGE, IMAGE_2],
    });
    expect(
      createCall({ model: "veo31-fast-ingredients", prompt: "p", reference_image_urls: [IMAGE] }).body,
    ).toMatchObject({
      action: "ingredients2video",
      image_urls: [IMAGE],
    });
    expect(createCall({ model: "veo3-fast", prompt: "p" }).body.action).toBe("text2video");
  });

  it("Seedance: typed content with image roles, ratio and the last frame asked for", () => {
    expect(
      createCall({
        model: "doubao-seedance-1-5-pro-251215",
        prompt: "p",
        first_frame_url: IMAGE,
        sound: true,
        seed: 7,
        camera_fixed: true,
      }),
    ).toEqual({
      service: "seedance",
      path: "/seedance/videos",
      body: {
        model: "doubao-seedance-1-5-pro-251215",
        content: [
          { type: "text", text: "p" },
          { type: "image_url", image_url: { url: IMAGE }, role: "first_frame" },
        ],
        resolution: "720p",
        ratio: "16:9",
        duration: 5,
        seed: 7,
        camerafixed: true,
        generate_audio: true,
        return_last_frame: true,
      },
    });
  });

  it("Kling: mode, start and end images", () => {
    expect(
      createCall({
        model: "kling-v2-6",
        prompt: "p",
        first_frame_url: IMAGE,
        last_frame_url: IMAGE_2,
        resolution: "pro",
        negative_prompt: "blur",
      }).body,
    ).toEqual({
      action: "image2video",
      model: "kling-v2-6",
      prompt: "p",
      mode: "pro",
      duration: 5,
      aspect_ratio: "16:9",
      start_image_url: IMAGE,
      end_image_url: IMAGE_2,
      negative_prompt: "blur",
    });
  });

  it("Wan: upper-case resolution, the frame as W*H, sound as audio", () => {
    expect(
      createCall({ model: "wan2.6-t2v", prompt: "p", resolution: "1080p", aspect_ratio: "9:16", sound: false }).body,
    ).toEqual({
      action: "text2video",
      model: "wan2.6-t2v",
      prompt: "p",
      duration: 5,
      resolution: "1080P",
      size: "1080*1920",
      audio: false,
    });
    expect(createCall({ model: "wan2.6-i2v", prompt: "p", first_frame_url: IMAGE }).body).toMatchObject({
      action: "image2video",
      image_url: IMAGE,
    });
  });

  it("Hailuo and Luma: action generate, their own image fields", () => {
    expect(createCall({ model: "minimax-i2v", prompt: "p", first_frame_url: IMAGE }).body).toEqual({
      action: "generate",
      model: "minimax-i2v",
      prompt: "p",
      first_image_url: IMAGE,
    });
    expect(
      createCall({ model: "luma", prompt: "p", loop: true, prompt_extend: false, first_frame_url: IMAGE }).body,
    ).toEqual({
      action: "generate",
      prompt: "p",
      aspect_ratio: "16:9",
      loop: true,
      enhancement: false,
      start_image_url: IMAGE,
    });
  });
});

describe("lengths and frames", () => {
  it("uses the model's own length where it has no duration field", () => {
    expect(lengthOf({ model: "veo3" })).toBe(8);
    expect(lengthOf({ model: "minimax-t2v" })).toBe(6);
    expect(lengthOf({ model: "luma" })).toBe(5);
    expect(lengthOf({ model: "kling-v3", duration: 12 })).toBe(12);
    expect(lengthOf({ model: "doubao-seedance-2-0-260128", duration: -1 })).toBe(5);
  });

  it("renders the asked aspect at the asked tier", () => {
    expect(frameOf({ model: "veo3", aspect_ratio: "9:16", resolution: "4k" })).toEqual({ width: 2160, height: 3840 });
    expect(frameOf({ model: "doubao-seedance-1-0-lite-t2v-250428" })).toEqual({ width: 854, height: 480 });
    expect(frameOf({ model: "kling-v1", aspect_ratio: "1:1", resolution: "pro" })).toEqual({
      width: 1080,
      height: 1080,
    });
    expect(frameOf({ model: "sora-2", size: "large", orientation: "portrait" })).toEqual({ width: 1024, height: 1792 });
  });

  it("fills a model's defaults without overriding what was asked", () => {
    expect(withModelDefaults({ model: "kling-v3", prompt: "p", duration: 9 })).toEqual({
      model: "kling-v3",
      prompt: "p",
      duration: 9,
      aspect_ratio: "16:9",
      resolution: "std",
    });
    expect(fieldsOf(modelSpec("luma") as never)).not.toContain("duration");
  });
});
