import {
  CHARACTER_SPAN_MAX_S,
  CHARACTER_SPAN_MIN_S,
  DURATIONS,
  LONG_DURATION,
  LONG_DURATION_MODEL,
  MODELS,
  ORIENTATIONS,
  SIZES,
} from "@/lib/schemas/rules";

// The upstream's own validation of a create body, answered with its `bad_request` code.
// It is deliberately the provider's rules, not the studio's stricter schema: our client
// must cope with what the real service accepts and refuses.

export type CreateBody = {
  prompt: string;
  model: string;
  size?: string;
  duration?: number;
  orientation?: string;
  image_urls?: string[];
  character_url?: string;
  character_start?: number;
  character_end?: number;
  callback_url?: string;
  async?: boolean;
};

const isUrl = (value: unknown, protocols: string[]) => {
  if (typeof value !== "string") return false;
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** Returns the body typed, or the message of the first problem. */
export function validateCreate(body: unknown): { ok: true; body: CreateBody } | { ok: false; message: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { ok: false, message: "the body must be a JSON object" };
  const b = body as Record<string, unknown>;
  const fail = (message: string) => ({ ok: false as const, message });
  if (b.version !== undefined && b.version !== "1.0")
    return fail(`version ${String(b.version)} is not supported by the emulator (only 1.0)`);
  if (typeof b.prompt !== "string" || b.prompt.trim() === "") return fail("prompt is required");
  if (typeof b.model !== "string" || !(MODELS as readonly string[]).includes(b.model))
    return fail(`model must be one of ${MODELS.join(", ")}`);
  if (b.size !== undefined && !(SIZES as readonly unknown[]).includes(b.size))
    return fail(`size must be one of ${SIZES.join(", ")}`);
  if (b.duration !== undefined && !(DURATIONS as readonly unknown[]).includes(b.duration))
    return fail(`duration must be one of ${DURATIONS.join(", ")}`);
  if (b.duration === LONG_DURATION && b.model !== LONG_DURATION_MODEL)
    return fail(`duration ${LONG_DURATION} is only supported by ${LONG_DURATION_MODEL}`);
  if (b.orientation !== undefined && !(ORIENTATIONS as readonly unknown[]).includes(b.orientation))
    return fail(`orientation must be one of ${ORIENTATIONS.join(", ")}`);
  if (b.image_urls !== undefined) {
    if (!Array.isArray(b.image_urls)) return fail("image_urls must be an array");
    for (const url of b.image_urls) {
      const inline = typeof url === "string" && /^data:image\/[a-z+.-]+;base64,/.test(url);
      if (!inline && !isUrl(url, ["https:", "http:"])) return fail("image_urls must contain URLs or base64 images");
    }
  }
  if (b.character_url !== undefined && !isUrl(b.character_url, ["https:", "http:"]))
    return fail("character_url must be a URL");
  const hasStart = b.character_start !== undefined;
  const hasEnd = b.character_end !== undefined;
  if (hasStart || hasEnd) {
    if (b.character_url === undefined) return fail("character_start and character_end need character_url");
    if (typeof b.character_start !== "number" || typeof b.character_end !== "number")
      return fail("character_start and character_end must both be numbers");
    const span = b.character_end - b.character_start;
    if (b.character_start < 0 || span <= 0) return fail("character_start must be >= 0 and before character_end");
    if (span < CHARACTER_SPAN_MIN_S || span > CHARACTER_SPAN_MAX_S)
      return fail(`character span must be between ${CHARACTER_SPAN_MIN_S} and ${CHARACTER_SPAN_MAX_S} seconds`);
  }
  if (b.callback_url !== undefined && !isUrl(b.callback_url, ["https:", "http:"]))
    return fail("callback_url must be a URL");
  if (b.async !== undefined && typeof b.async !== "boolean") return fail("async must be a boolean");
  return { ok: true, body: b as CreateBody };
}
