import type { GenerationInput } from "./generation";

// What the studio sends upstream for a generation, shown before submitting, and the same call
// as a cURL command a person can run themselves. The token is never in it: the command reads
// it from $ACEDATACLOUD_API_TOKEN in the user's own shell.

export const TOKEN_PLACEHOLDER = "$ACEDATACLOUD_API_TOKEN";
export const CALLBACK_PLACEHOLDER = "<a per-task callback URL, added by the studio>";

/** The body of `POST /sora/videos` for this input: always async; a callback URL when callbacks are on. */
export function upstreamBody(input: GenerationInput, options: { callbacks: boolean }): Record<string, unknown> {
  return { ...input, async: true, ...(options.callbacks ? { callback_url: CALLBACK_PLACEHOLDER } : {}) };
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
