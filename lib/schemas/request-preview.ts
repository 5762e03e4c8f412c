import type { GenerationInput } from "./generation";
import { isUploadRef } from "./rules";
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

/** The body of `POST /sora/videos` for this input: always async; a callback URL when callbacks are on. */
export function upstreamBody(
  input: GenerationInput,
  options: { callbacks: boolean; uploads?: UploadPlacement },
): Record<string, unknown> {
  const placed = options.uploads ? placeUploads(input, options.uploads) : input;
  return { ...placed, async: true, ...(options.callbacks ? { callback_url: CALLBACK_PLACEHOLDER } : {}) };
}

/** Quotes text for a POSIX shell: single quotes, with any single quote closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The create call as cURL, against `baseUrl` (AceData, or the studio's emulator). */
export function curlCommand(body: Record<string, unknown>, baseUrl: string): string {
  const { callback_url: _callback, ...sendable } = body;
  void _callback; // a placeholder is not a URL anyone could call back
  return [
    `curl -sS -X POST ${shellQuote(`${baseUrl.replace(/\/$/, "")}/sora/videos`)}`,
    `  -H 'accept: application/json'`,
    `  -H "authorization: Bearer ${TOKEN_PLACEHOLDER}"`,
    `  -H 'content-type: application/json'`,
    `  -d ${shellQuote(JSON.stringify(sendable))}`,
  ].join(" \\\n");
}
