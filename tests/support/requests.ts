import type { GenerationRequest } from "@/lib/schemas/generation";

/**
 * A valid generation request: the cheapest clip (sora-2, small, 10 s, landscape) of `prompt`, with
 * `over` on top. Spelled out rather than taken from the studio's defaults, so a test states what it sends.
 */
export function videoRequest(prompt: string, over: Partial<GenerationRequest> = {}): GenerationRequest {
  return { prompt, model: "sora-2", size: "small", duration: 10, orientation: "landscape", ...over };
}
