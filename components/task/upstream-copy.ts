"use client";
import type { GenerationInput } from "@/lib/schemas/generation";
import { curlCommand, upstreamCall, type UploadPlacement } from "@/lib/schemas/request-preview";
import { uploadedImages } from "@/lib/schemas/upload-fields";
import type { UpstreamInfo } from "./request-preview";

// The create call a request becomes, as text to copy: the JSON body or a cURL command (the
// token left to the shell). Shared by the composer's preview and a task's detail.

/** An uploaded image as the data: URL the studio will send in its place. */
async function dataUrlOf(ref: string): Promise<string> {
  const blob = await (await fetch(ref)).blob();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** Where the call goes: AceData, or the emulator on this very studio (only the browser knows its address). */
export function upstreamTarget(upstream: UpstreamInfo): { placement: UploadPlacement; baseUrl: string } {
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return {
    placement: { publicUrl: upstream.publicUrl, origin },
    baseUrl: upstream.baseUrl ?? `${origin}/api/emulator`,
  };
}

/** The full text to copy. Inline images are shown shortened on screen; the copy carries their real bytes. */
export async function upstreamCallText(
  input: GenerationInput,
  upstream: UpstreamInfo,
  what: "json" | "curl",
): Promise<string> {
  const { placement, baseUrl } = upstreamTarget(upstream);
  const refs = uploadedImages(input).map((r) => r.url);
  const inline = new Map(
    upstream.publicUrl ? [] : await Promise.all(refs.map(async (ref) => [ref, await dataUrlOf(ref)] as const)),
  );
  const call = upstreamCall(input, {
    callbacks: upstream.callbacks,
    uploads: { ...placement, inline: (ref) => inline.get(ref) },
  });
  return what === "json" ? JSON.stringify(call.body, null, 2) : curlCommand(call.body, baseUrl, call.path);
}
