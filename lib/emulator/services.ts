import {
  acceptsDuration,
  frameOf,
  lengthOf,
  modelsOf,
  modelSpec,
  SERVICES,
  type ServiceId,
} from "@/lib/schemas/catalog";
import { validateCreate as validateSora } from "./validate";

// What differs between the emulated services (shared/acedata-video-providers.md): the body each
// accepts and refuses with `bad_request`, the clip it renders from that body, and where its answer
// puts the result. The task model, timing, faults, files and callbacks are emulator.ts's, shared.

export const isService = (name: string): name is ServiceId => (SERVICES as readonly string[]).includes(name);

/** The clip a body asks for. */
export type RenderSpec = { prompt: string; model: string; width: number; height: number; duration: number };

/** What every service's create body has in common, once accepted. */
export type AcceptedBody = Record<string, unknown> & {
  prompt: string;
  model: string;
  callback_url?: string;
  async?: boolean;
};

type Validation = { ok: true; body: AcceptedBody } | { ok: false; message: string };

const isString = (value: unknown): value is string => typeof value === "string" && value.trim() !== "";
const isUrl = (value: unknown) => {
  if (typeof value !== "string") return false;
  if (/^data:image\/[a-z+.-]+;base64,/.test(value)) return true;
  try {
    return ["https:", "http:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};
const oneOf = (value: unknown, allowed: readonly unknown[]) => value === undefined || allowed.includes(value);
const modelIds = (service: ServiceId) => modelsOf(service).map((m) => m.id);

/** The first of the URL fields `fields` given as something other than a URL, worded as the provider does. */
function urlProblem(b: Record<string, unknown>, fields: string[]): string | undefined {
  const bad = fields.find((field) => b[field] !== undefined && !isUrl(b[field]));
  return bad && `${bad} must be a URL`;
}

/** A duration the model has (any, when none is given: the model's own length applies). */
const durationAllowed = (model: string, duration: unknown) => {
  const spec = modelSpec(model);
  return duration === undefined || (spec !== undefined && acceptsDuration(spec.duration, duration));
};

type Service = {
  validate(body: Record<string, unknown>): Validation;
  /** The studio-style settings the clip is rendered from. */
  render(body: AcceptedBody): RenderSpec;
  /** A record's `response`, a callback body and a synchronous answer for a task in a phase. */
  answer(task: AnswerInput): Record<string, unknown>;
};

export type AnswerInput = {
  taskId: string;
  traceId: string;
  videoId: string;
  body: AcceptedBody;
  phase: "pending" | "processing" | "succeeded" | "failed";
  videoUrl?: string;
  frameUrl?: string;
  error?: { code: string; message: string; bare: boolean };
  createdAt: number;
  finishedAt: number;
  spec: RenderSpec;
};

const head = (t: AnswerInput) => ({ task_id: t.taskId, trace_id: t.traceId });
const errorOf = (t: AnswerInput) =>
  t.error?.bare ? t.error.message : { code: t.error?.code, message: t.error?.message };
const iso = (ms: number) => new Date(ms).toISOString();

/** Sora, Veo and Hailuo: `data: [{ id, video_url, state }]`. */
function listAnswer(t: AnswerInput, extra: Record<string, unknown> = {}): Record<string, unknown> {
  if (t.phase === "failed")
    return { success: false, ...head(t), data: [{ id: t.videoId, state: "failed", ...extra }], error: errorOf(t) };
  if (t.phase === "succeeded")
    return {
      success: true,
      ...head(t),
      data: [{ id: t.videoId, video_url: t.videoUrl, state: "succeeded", ...extra }],
    };
  return { ...head(t), data: [{ id: t.videoId, state: t.phase, ...extra }] };
}

/** Kling, Wan and Luma: flat, with the service's own success word. */
function flatAnswer(t: AnswerInput, done: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  if (t.phase === "failed") return { success: false, ...head(t), state: "failed", error: errorOf(t) };
  if (t.phase === "succeeded")
    return { success: true, ...head(t), video_id: t.videoId, video_url: t.videoUrl, state: done, ...extra };
  return { ...head(t), state: t.phase };
}

const SERVICE_TABLE: Record<ServiceId, Service> = {
  sora: {
    validate: (body) => {
      const valid = validateSora(body);
      return valid.ok ? { ok: true, body: valid.body as AcceptedBody } : valid;
    },
    render: (b) => ({ prompt: b.prompt, model: b.model, ...frameOf(b), duration: lengthOf(b) }),
    answer: (t) => listAnswer(t),
  },
  veo: {
    validate: (b) => {
      const actions = ["text2video", "image2video", "ingredients2video"];
      if (!actions.includes(b.action as string))
        return { ok: false, message: `action must be one of ${actions.join(", ")}` };
      const model = b.action === "ingredients2video" ? "veo31-fast-ingredients" : (b.model ?? "veo3-fast");
      if (!modelIds("veo").includes(model as string))
        return { ok: false, message: `model must be one of ${modelIds("veo").join(", ")}` };
      if (!isString(b.prompt)) return { ok: false, message: "prompt is required" };
      if (!oneOf(b.aspect_ratio, ["16:9", "9:16"])) return { ok: false, message: "aspect_ratio must be 16:9 or 9:16" };
      if (!oneOf(b.resolution, ["1080p", "4k", "gif"]))
        return { ok: false, message: "resolution must be 1080p, 4k or gif" };
      const images = b.image_urls;
      if (b.action !== "text2video") {
        const max = b.action === "image2video" ? 2 : 3;
        if (!Array.isArray(images) || images.length < 1 || images.length > max || !images.every(isUrl))
          return { ok: false, message: `image_urls must hold 1 to ${max} image URLs for ${b.action}` };
      }
      return { ok: true, body: { ...b, model: model as string, prompt: b.prompt } };
    },
    render: (b) => {
      const settings = {
        model: b.model,
        aspect_ratio: b.aspect_ratio as string,
        resolution: b.resolution === "4k" ? "4k" : "1080p",
      };
      return { prompt: b.prompt, model: b.model, ...frameOf(settings), duration: lengthOf(settings) };
    },
    answer: (t) =>
      listAnswer(t, t.phase === "succeeded" ? { created_at: iso(t.createdAt), complete_at: iso(t.finishedAt) } : {}),
  },
  seedance: {
    validate: (b) => {
      if (!modelIds("seedance").includes(b.model as string))
        return { ok: false, message: `model must be one of ${modelIds("seedance").join(", ")}` };
      if (!Array.isArray(b.content) || b.content.length === 0) return { ok: false, message: "content is required" };
      const items = b.content as Record<string, unknown>[];
      const text = items.find((i) => i?.type === "text");
      if (text && (typeof text.text !== "string" || text.text.length > 1000))
        return { ok: false, message: "content text must be a string of at most 1000 characters" };
      for (const item of items) {
        if (item?.type !== "image_url") continue;
        const image = item.image_url as { url?: unknown } | undefined;
        if (!isUrl(image?.url)) return { ok: false, message: "content image_url.url must be a URL or base64 image" };
        if (!oneOf(item.role, ["first_frame", "last_frame", "reference_image"]))
          return { ok: false, message: "role must be first_frame, last_frame or reference_image" };
      }
      const roles = items.filter((i) => i?.type === "image_url").map((i) => i.role ?? "first_frame");
      if (roles.includes("reference_image") && roles.some((r) => r !== "reference_image"))
        return { ok: false, message: "reference_image cannot be mixed with first_frame or last_frame" };
      if (roles.includes("last_frame") && !roles.includes("first_frame"))
        return { ok: false, message: "last_frame needs a first_frame" };
      if (!oneOf(b.ratio, ["16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive"]))
        return { ok: false, message: "ratio must be one of 16:9, 4:3, 1:1, 3:4, 9:16, 21:9, adaptive" };
      const tiers = modelSpec(b.model)?.resolutions ?? [];
      if (!oneOf(b.resolution, tiers))
        return { ok: false, message: `resolution must be one of ${tiers.join(", ")} for ${String(b.model)}` };
      if (!durationAllowed(b.model as string, b.duration))
        return { ok: false, message: `duration is out of range for ${String(b.model)}` };
      if (b.seed !== undefined && (typeof b.seed !== "number" || b.seed < -1 || b.seed > 4_294_967_295))
        return { ok: false, message: "seed must be from -1 to 4294967295" };
      return {
        ok: true,
        body: { ...b, model: b.model as string, prompt: typeof text?.text === "string" ? text.text : "" },
      };
    },
    render: (b) => {
      const settings = {
        model: b.model,
        aspect_ratio: b.ratio as string | undefined,
        resolution: b.resolution as string | undefined,
        duration: typeof b.frames === "number" ? Math.round(b.frames / 24) : (b.duration as number | undefined),
      };
      return { prompt: b.prompt, model: b.model, ...frameOf(settings), duration: lengthOf(settings) };
    },
    answer: (t) => {
      const status =
        t.phase === "succeeded"
          ? "succeeded"
          : t.phase === "failed"
            ? "failed"
            : t.phase === "pending"
              ? "queued"
              : "running";
      const entry = {
        id: t.videoId,
        model: t.body.model,
        status,
        ...(t.phase === "succeeded"
          ? {
              content: {
                video_url: t.videoUrl,
                ...(t.body.return_last_frame === true ? { last_frame_url: t.frameUrl } : {}),
              },
            }
          : {}),
        seed: typeof t.body.seed === "number" ? t.body.seed : 42,
        resolution: t.body.resolution ?? modelSpec(t.body.model)?.defaultResolution,
        ratio: t.body.ratio ?? "16:9",
        duration: t.spec.duration,
        framespersecond: 24,
        usage: { completion_tokens: t.spec.duration * 10_000, total_tokens: t.spec.duration * 10_000 },
        created_at: Math.floor(t.createdAt / 1000),
        updated_at: Math.floor((t.phase === "succeeded" ? t.finishedAt : t.createdAt) / 1000),
      };
      if (t.phase === "failed") return { success: false, ...head(t), data: [entry], error: errorOf(t) };
      return { ...(t.phase === "succeeded" ? { success: true } : {}), ...head(t), data: [entry] };
    },
  },
  kling: {
    validate: (b) => {
      if (!["text2video", "image2video"].includes(b.action as string))
        return { ok: false, message: "action must be text2video or image2video" };
      const model = (b.model ?? "kling-v1") as string;
      if (!modelIds("kling").includes(model))
        return { ok: false, message: `model must be one of ${modelIds("kling").join(", ")}` };
      if (!isString(b.prompt)) return { ok: false, message: "prompt is required" };
      const bad = urlProblem(b, ["start_image_url", "end_image_url"]);
      if (bad) return { ok: false, message: bad };
      if (!oneOf(b.mode, modelSpec(model)?.resolutions ?? []))
        return { ok: false, message: `mode ${String(b.mode)} is not supported by ${model}` };
      if (!oneOf(b.aspect_ratio, ["16:9", "9:16", "1:1"]))
        return { ok: false, message: "aspect_ratio must be 16:9, 9:16 or 1:1" };
      if (!durationAllowed(model, b.duration)) return { ok: false, message: `duration is not supported by ${model}` };
      if (b.action === "image2video" && !isUrl(b.start_image_url))
        return { ok: false, message: "start_image_url is required for image2video" };
      if (b.end_image_url !== undefined) {
        if (b.start_image_url === undefined) return { ok: false, message: "end_image_url needs start_image_url" };
        if (!modelSpec(model)?.images.lastFrame)
          return { ok: false, message: `${model} does not support end_image_url` };
        if ((b.duration ?? 5) !== 5)
          return { ok: false, message: "requests with end_image_url only support duration 5" };
      }
      if (typeof b.negative_prompt === "string" && b.negative_prompt.length > 200)
        return { ok: false, message: "negative_prompt must be at most 200 characters" };
      return { ok: true, body: { ...b, model, prompt: b.prompt } };
    },
    render: (b) => {
      const settings = {
        model: b.model,
        aspect_ratio: b.aspect_ratio as string,
        resolution: (b.mode as string) ?? "std",
        duration: b.duration as number,
      };
      return { prompt: b.prompt, model: b.model, ...frameOf(settings), duration: lengthOf(settings) };
    },
    answer: (t) => flatAnswer(t, "succeed", { duration: (t.spec.duration + 0.041).toFixed(3) }),
  },
  wan: {
    validate: (b) => {
      if (!["text2video", "image2video"].includes(b.action as string))
        return { ok: false, message: "action must be text2video or image2video" };
      if (!modelIds("wan").includes(b.model as string))
        return { ok: false, message: `model must be one of ${modelIds("wan").join(", ")}` };
      if (!isString(b.prompt)) return { ok: false, message: "prompt is required" };
      const bad = urlProblem(b, ["image_url", "audio_url"]);
      if (bad) return { ok: false, message: bad };
      if (!oneOf(b.duration, [5, 10, 15])) return { ok: false, message: "duration must be 5, 10 or 15" };
      if (!oneOf(b.resolution, ["480P", "720P", "1080P"]))
        return { ok: false, message: "resolution must be 480P, 720P or 1080P" };
      if (b.size !== undefined && !/^\d{2,4}\*\d{2,4}$/.test(String(b.size)))
        return { ok: false, message: "size must be width*height" };
      if (b.action === "text2video" && b.model !== "wan2.6-t2v")
        return { ok: false, message: "text2video only supports wan2.6-t2v" };
      if (b.action === "image2video" && b.model === "wan2.6-t2v")
        return { ok: false, message: "image2video does not support wan2.6-t2v" };
      if ((b.model === "wan2.6-i2v" || b.model === "wan2.6-i2v-flash") && !isUrl(b.image_url))
        return { ok: false, message: "image_url is required for image2video" };
      if (
        b.model === "wan2.6-r2v" &&
        (!Array.isArray(b.reference_video_urls) ||
          !b.reference_video_urls.every(isUrl) ||
          b.reference_video_urls.length === 0)
      )
        return { ok: false, message: "reference_video_urls is required for wan2.6-r2v" };
      return { ok: true, body: { ...b, model: b.model as string, prompt: b.prompt } };
    },
    render: (b) => {
      const size = /^(\d+)\*(\d+)$/.exec(String(b.size ?? ""));
      const settings = {
        model: b.model,
        resolution: String(b.resolution ?? "720P").toLowerCase(),
        duration: b.duration as number,
      };
      const frame = size ? { width: Number(size[1]), height: Number(size[2]) } : frameOf(settings);
      return { prompt: b.prompt, model: b.model, ...frame, duration: lengthOf(settings) };
    },
    answer: (t) => flatAnswer(t, "completed", framedExtras(t)),
  },
  hailuo: {
    validate: (b) => {
      if (b.action !== "generate") return { ok: false, message: "action must be generate" };
      const model = (b.model ?? "minimax-t2v") as string;
      if (!modelIds("hailuo").includes(model))
        return { ok: false, message: `model must be one of ${modelIds("hailuo").join(", ")}` };
      if (!isString(b.prompt)) return { ok: false, message: "prompt is required" };
      const bad = urlProblem(b, ["first_image_url"]);
      if (bad) return { ok: false, message: bad };
      if (model !== "minimax-t2v" && b.first_image_url === undefined)
        return { ok: false, message: `first_image_url is required for ${model}` };
      return { ok: true, body: { ...b, model, prompt: b.prompt } };
    },
    render: (b) => ({
      prompt: b.prompt,
      model: b.model,
      ...frameOf({ model: b.model }),
      duration: lengthOf({ model: b.model }),
    }),
    answer: (t) =>
      listAnswer(t, {
        model: t.body.model,
        prompt: t.body.prompt,
        ...(t.body.first_image_url ? { first_image_url: t.body.first_image_url } : {}),
      }),
  },
  luma: {
    validate: (b) => {
      const action = b.action ?? "generate";
      if (action !== "generate") return { ok: false, message: "the emulator supports action generate only" };
      if (!isString(b.prompt)) return { ok: false, message: "prompt is required" };
      const bad = urlProblem(b, ["start_image_url", "end_image_url"]);
      if (bad) return { ok: false, message: bad };
      if (b.aspect_ratio !== undefined && !/^\d{1,2}:\d{1,2}$/.test(String(b.aspect_ratio)))
        return { ok: false, message: "aspect_ratio must look like 16:9" };
      for (const key of ["loop", "enhancement"])
        if (b[key] !== undefined && typeof b[key] !== "boolean")
          return { ok: false, message: `${key} must be a boolean` };
      return { ok: true, body: { ...b, model: "luma", prompt: b.prompt } };
    },
    render: (b) => {
      const settings = { model: "luma", aspect_ratio: b.aspect_ratio as string | undefined };
      return { prompt: b.prompt, model: "luma", ...frameOf(settings), duration: lengthOf(settings) };
    },
    answer: (t) => flatAnswer(t, "completed", framedExtras(t)),
  },
};

/** Wan's and Luma's success answers also describe the frame and carry a thumbnail. */
function framedExtras(t: AnswerInput): Record<string, unknown> {
  const { width, height } = t.spec;
  return {
    prompt: t.body.prompt,
    video_width: width,
    video_height: height,
    ...(t.frameUrl ? { thumbnail_url: t.frameUrl, thumbnail_width: width, thumbnail_height: height } : {}),
  };
}

export function serviceRules(service: ServiceId): Service {
  return SERVICE_TABLE[service];
}

/** Checks what every service shares, then the service's own rules. */
export function validateFor(service: ServiceId, body: unknown): Validation {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { ok: false, message: "the body must be a JSON object" };
  const b = body as Record<string, unknown>;
  const bad = urlProblem(b, []);
  if (bad) return { ok: false, message: bad };
  return SERVICE_TABLE[service].validate(b);
}

/** Which services return a still with the clip: Seedance its last frame, Wan and Luma a thumbnail. */
export function stillOf(service: ServiceId, body: AcceptedBody): "last" | "first" | null {
  if (service === "seedance") return body.return_last_frame === true ? "last" : null;
  return service === "wan" || service === "luma" ? "first" : null;
}
