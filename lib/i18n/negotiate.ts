import { DEFAULT_LOCALE, isLocale, type Locale } from "./config";

// Which language a request gets: the remembered choice (cookie) if it names a language we
// have, else the best match in the browser's Accept-Language, else English.

/** Simplified Chinese tags: zh alone, mainland China and Singapore, or the Hans script. Traditional (zh-TW, zh-HK, zh-Hant) is not ours. */
function supported(tag: string): Locale | undefined {
  const parts = tag.toLowerCase().split("-");
  if (parts[0] === "en") return "en";
  if (parts[0] !== "zh") return undefined;
  const rest = parts.slice(1);
  if (rest.length === 0 || rest.includes("hans")) return "zh-CN";
  if (rest.includes("hant")) return undefined;
  return rest[0] === "cn" || rest[0] === "sg" ? "zh-CN" : undefined;
}

/** Accept-Language entries in preference order (by q, then by position); q=0 means "not this". */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.tag !== "" && entry.tag !== "*" && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((entry) => entry.tag);
}

export function negotiateLocale({
  cookie,
  acceptLanguage,
}: {
  cookie?: string | null;
  acceptLanguage?: string | null;
}): Locale {
  if (isLocale(cookie)) return cookie;
  for (const tag of parseAcceptLanguage(acceptLanguage)) {
    const locale = supported(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}
