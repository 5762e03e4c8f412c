// The file name a downloaded video gets: what it shows and when it was made, so a folder of
// downloads sorts and reads by itself ("red-fox-running-through-snow-2026-11-25-1432.mp4")
// instead of a row of ids. Letters of every script are kept; anything a file system or a shell
// could trip on is not.

const WORDS_MAX = 6;
const SLUG_MAX_CHARS = 60;
const FALLBACK = "sora-video";

/** The first words of a prompt as a lower-case, dash-joined slug (empty when it has no letters or digits). */
export function promptSlug(prompt: string): string {
  const words =
    prompt
      .normalize("NFC")
      .toLocaleLowerCase()
      .match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  let slug = "";
  for (const word of words.slice(0, WORDS_MAX)) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > SLUG_MAX_CHARS) break;
    slug = next;
  }
  // One very long first word (a Chinese sentence has no spaces): cut it rather than lose it.
  return slug || (words[0] ?? "").slice(0, SLUG_MAX_CHARS);
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * `<prompt slug>-<YYYY-MM-DD-HHmm>[-<n>].mp4`, in the viewer's local time. `index` tells apart
 * the videos of one task when it has several (the second is "-2").
 */
export function downloadName(prompt: string, createdAt: Date, index = 0): string {
  const stamp = `${createdAt.getFullYear()}-${pad(createdAt.getMonth() + 1)}-${pad(createdAt.getDate())}-${pad(createdAt.getHours())}${pad(createdAt.getMinutes())}`;
  return `${promptSlug(prompt) || FALLBACK}-${stamp}${index > 0 ? `-${index + 1}` : ""}.mp4`;
}

/** A video's download link: its media URL asking the server to send it under the readable name. */
export function downloadLink(url: string, prompt: string, createdAt: Date, index = 0): { href: string; name: string } {
  const name = downloadName(prompt, createdAt, index);
  return { href: `${url}${url.includes("?") ? "&" : "?"}download=${encodeURIComponent(name)}`, name };
}
