// Reads `/compare?ids=a,b[,c,d]`: 2–4 distinct task ids. Pure, so the page and the tests agree on
// what is refused and why.

export const COMPARE_MIN = 2;
export const COMPARE_MAX = 4;

/** Task ids are UUIDs; anything that does not even look like an id is refused before any request. */
const ID = /^[0-9A-Za-z][0-9A-Za-z_-]{0,63}$/;

export type CompareIds =
  | { kind: "empty" }
  | { kind: "ok"; ids: string[] }
  | { kind: "tooMany"; count: number }
  | { kind: "tooFew" }
  | { kind: "malformed"; value: string };

/** `raw` is the `ids` parameter as Next gives it (absent, one string, or repeated). */
export function parseCompareIds(raw: string | string[] | undefined): CompareIds {
  const text = (Array.isArray(raw) ? raw.join(",") : (raw ?? "")).trim();
  if (text === "") return { kind: "empty" };
  const parts = text
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  const bad = parts.find((p) => !ID.test(p));
  if (bad !== undefined) return { kind: "malformed", value: bad.slice(0, 80) };
  // The same video twice is no comparison: it counts once.
  const ids = [...new Set(parts)];
  if (ids.length > COMPARE_MAX) return { kind: "tooMany", count: ids.length };
  if (ids.length < COMPARE_MIN) return { kind: "tooFew" };
  return { kind: "ok", ids };
}

/** The compare page's address for these ids. */
export function compareHref(ids: readonly string[]): string {
  return `/compare?ids=${ids.map(encodeURIComponent).join(",")}`;
}
