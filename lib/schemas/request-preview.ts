import type { GenerationInput } from "./generation";
import { isUploadRef } from "./rules";
import { createCall, type StudioRequest } from "./catalog/create-body";
import { mapUrls } from "./upload-fields";

// What the studio sends upstream for a generation, shown before submitting, and the same call
// as a cURL command a person can run themselves. The token is never in it: the command reads
// it from $ACEDATACLOUD_API_TOKEN in the user's own shell.

export const TOKEN_PLACEHOLDER = "$ACEDATACLOUD_API_TOKEN";
export const CALLBACK_PLACEHOLDER = "<a per-task callback URL, added by the studio>";

/** How the files uploaded to the studio (`/api/uploads/<id>`) are written in the upstream body. */
export type UploadPlacement = {
  /** STUDIO_PUBLIC_URL: each upload is sent as a link under it. */
  publicUrl: string | null;
  /** Without a public URL, an image goes inline as base64: its data: URL, when known. */
  inline?: (ref: string) => string | undefined;
  /** Without a public URL, a clip is only sendable to the emulator, as a link on this origin. */
  origin: string;
};

export const inlinePlaceholder = (ref: string) => `data:image/…;base64,<the bytes of ${ref}>`;

/** The request with each upload reference replaced as `placement` says; other values untouched. */
export function placeUploads(input: GenerationInput, placement: UploadPlacement): GenerationInput {
  const base = (placement.publicUrl ?? placement.origin).replace(/\/$/, "");
  const image = (url: string) => {
    if (!isUploadRef(url)) return url;
    return placement.publicUrl ? `${base}${url}` : (placement.inline?.(url) ?? inlinePlaceholder(url));
  };
  const clip = (url: string) => (isUploadRef(url) ? `${base}${url}` : url);
  return mapUrls(input, image, clip);
}

type CallOptions = { callbacks: boolean; uploads?: UploadPlacement };

/**
 * The create call for this input, as the server makes it (the catalog's body for the model's
 * service): always async; a callback URL when callbacks are on.
 */
export function upstreamCall(
  input: GenerationInput,
  options: CallOptions,
): { path: string; body: Record<string, unknown> } {
  const placed = options.uploads ? placeUploads(input, options.uploads) : input;
  const { path, body } = createCall(placed as StudioRequest);
  return { path, body: { ...body, async: true, ...(options.callbacks ? { callback_url: CALLBACK_PLACEHOLDER } : {}) } };
}

export const upstreamBody = (input: GenerationInput, options: CallOptions) => upstreamCall(input, options).body;

/** Quotes text for a POSIX shell: single quotes, with any single quote closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The create call as cURL, against `baseUrl` (AceData, or the studio's emulator), at `path` (`/veo/videos`). */
export function curlCommand(body: Record<string, unknown>, baseUrl: string, path: string): string {
  const { callback_url: _callback, ...sendable } = body;
  void _callback; // a placeholder is not a URL anyone could call back
  return [
    `curl -sS -X POST ${shellQuote(`${baseUrl.replace(/\/$/, "")}${path}`)}`,
    `  -H 'accept: application/json'`,
    `  -H "authorization: Bearer ${TOKEN_PLACEHOLDER}"`,
    `  -H 'content-type: application/json'`,
    `  -d ${shellQuote(JSON.stringify(sendable))}`,
  ].join(" \\\n");
}
