import { frameOf, serviceOf, withModelDefaults } from "./index";
import type { ServiceId } from "./vocabulary";

// How a studio request becomes the create body of its model's service
// (shared/acedata-video-providers.md, "Each service's create body"). The server sends exactly
// this, and "Copy as cURL" shows exactly this, so the two can never disagree.

/** The studio's request as the catalog reads it (field names of vocabulary.ts and Sora's own). */
export type StudioRequest = {
  prompt: string;
  model: string;
  duration?: number;
  aspect_ratio?: string;
  resolution?: string;
  first_frame_url?: string;
  last_frame_url?: string;
  reference_image_urls?: string[];
  reference_video_urls?: string[];
  sound?: boolean;
  negative_prompt?: string;
  seed?: number;
  camera_fixed?: boolean;
  prompt_extend?: boolean;
  loop?: boolean;
  [soraField: string]: unknown;
};

export type CreateCall = { service: ServiceId; path: string; body: Record<string, unknown> };

/** Leaves out the keys whose value is undefined, so a body carries only what was asked. */
function defined(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

const BUILDERS: Record<ServiceId, (r: StudioRequest) => Record<string, unknown>> = {
  // Sora's body is the studio's request itself: its fields predate the shared vocabulary.
  sora: (r) => ({ ...r }),
  veo: (r) => {
    const references = r.reference_image_urls ?? [];
    const frames = [r.first_frame_url, r.last_frame_url].filter((u): u is string => u !== undefined);
    const action = references.length > 0 ? "ingredients2video" : frames.length > 0 ? "image2video" : "text2video";
    return {
      action,
      model: r.model,
      prompt: r.prompt,
      aspect_ratio: r.aspect_ratio,
      resolution: r.resolution,
      image_urls: references.length > 0 ? references : frames.length > 0 ? frames : undefined,
    };
  },
  seedance: (r) => {
    const image = (url: string, role: string) => ({ type: "image_url", image_url: { url }, role });
    return {
      model: r.model,
      content: [
        { type: "text", text: r.prompt },
        ...(r.first_frame_url ? [image(r.first_frame_url, "first_frame")] : []),
        ...(r.last_frame_url ? [image(r.last_frame_url, "last_frame")] : []),
        ...(r.reference_image_urls ?? []).map((url) => image(url, "reference_image")),
      ],
      resolution: r.resolution,
      ratio: r.aspect_ratio,
      duration: r.duration,
      seed: r.seed,
      camerafixed: r.camera_fixed,
      generate_audio: r.sound,
      // Always asked: the storyboard continues the next shot from it, and it costs nothing.
      return_last_frame: true,
    };
  },
  kling: (r) => ({
    action: r.first_frame_url ? "image2video" : "text2video",
    model: r.model,
    prompt: r.prompt,
    mode: r.resolution,
    duration: r.duration,
    aspect_ratio: r.aspect_ratio,
    start_image_url: r.first_frame_url,
    end_image_url: r.last_frame_url,
    negative_prompt: r.negative_prompt,
    generate_audio: r.sound,
  }),
  wan: (r) => {
    const { width, height } = frameOf(r);
    const fromImage = r.first_frame_url !== undefined || (r.reference_video_urls?.length ?? 0) > 0;
    return {
      action: fromImage ? "image2video" : "text2video",
      model: r.model,
      prompt: r.prompt,
      duration: r.duration,
      resolution: r.resolution?.toUpperCase(),
      // Text-to-video takes its frame as "W*H"; from an image, the image's own shape wins.
      size: r.aspect_ratio ? `${width}*${height}` : undefined,
      image_url: r.first_frame_url,
      reference_video_urls: r.reference_video_urls,
      audio: r.sound,
      negative_prompt: r.negative_prompt,
      prompt_extend: r.prompt_extend,
    };
  },
  hailuo: (r) => ({ action: "generate", model: r.model, prompt: r.prompt, first_image_url: r.first_frame_url }),
  luma: (r) => ({
    action: "generate",
    prompt: r.prompt,
    aspect_ratio: r.aspect_ratio,
    loop: r.loop,
    enhancement: r.prompt_extend,
    start_image_url: r.first_frame_url,
    end_image_url: r.last_frame_url,
  }),
};

/** The service, path and body of the create call for a request (its model's defaults filled in). */
export function createCall(request: StudioRequest): CreateCall {
  const service = serviceOf(request.model);
  const body = defined(BUILDERS[service](withModelDefaults(request)));
  return { service, path: `/${service}/videos`, body };
}

export const tasksPath = (service: ServiceId) => `/${service}/tasks`;
