import { describe, expect, it } from "vitest";
import { base64DecodedBytes, generationSchema, toFieldIssues } from "@/lib/schemas/generation";
import {
  CHARACTER_SPAN_MAX_S,
  CHARACTER_SPAN_MIN_S,
  DEFAULT_GENERATION,
  DURATIONS,
  IMAGE_DATA_MAX_BYTES,
  IMAGE_DATA_MIME_TYPES,
  IMAGE_URLS_MAX,
  LONG_DURATION,
  LONG_DURATION_MODEL,
  MODELS,
  ORIENTATIONS,
  PROMPT_MAX_CHARS,
  SIZES,
  URL_MAX_CHARS,
  durationsFor,
} from "@/lib/schemas/rules";

const valid = { prompt: "A red fox running through snow", ...DEFAULT_GENERATION };
const CHARACTER_URL = "https://example.com/character.mp4";

/** Parses and returns the flattened issues (empty when the input is valid). */
function issuesOf(input: unknown) {
  const result = generationSchema.safeParse(input);
  return result.success ? [] : toFieldIssues(result.error);
}

/** Asserts the input fails and returns the issues reported at `path`. */
function failsAt(input: unknown, path: string) {
  const result = generationSchema.safeParse(input);
  expect(result.success).toBe(false);
  if (result.success) throw new Error("unreachable");
  const issues = toFieldIssues(result.error).filter((i) => i.path === path);
  expect(
    issues.length,
    `expected an issue at ${path}, got ${JSON.stringify(toFieldIssues(result.error))}`,
  ).toBeGreaterThan(0);
  return issues;
}

function passes(input: unknown) {
  const result = generationSchema.safeParse(input);
  expect(result.success, JSON.stringify(result.success ? null : toFieldIssues(result.error))).toBe(true);
  if (!result.success) throw new Error("unreachable");
  return result.data;
}

/** Base64 payload that decodes to exactly `bytes` bytes (bytes must be a multiple of 3). */
function base64Of(bytes: number) {
  expect(bytes % 3).toBe(0);
  return "A".repeat((bytes / 3) * 4);
}

describe("generationSchema: a minimal valid request", () => {
  it("accepts the defaults with a prompt and returns the same fields", () => {
    expect(passes(valid)).toEqual(valid);
  });

  it("rejects a non-object body with an issue at (body)", () => {
    expect(issuesOf(null)).toEqual([expect.objectContaining({ path: "(body)" })]);
    expect(issuesOf("a prompt").map((i) => i.path)).toEqual(["(body)"]);
  });
});

describe("prompt", () => {
  it("is required", () => {
    const { prompt: _prompt, ...rest } = valid;
    const [issue] = failsAt(rest, "prompt");
    expect(issue?.message).toBe("Write a prompt");
  });

  it("rejects an empty or whitespace-only prompt", () => {
    expect(failsAt({ ...valid, prompt: "" }, "prompt")[0]?.message).toBe("Write a prompt");
    expect(failsAt({ ...valid, prompt: "   \n\t " }, "prompt")[0]?.message).toBe("Write a prompt");
  });

  it("rejects a non-string prompt", () => {
    expect(failsAt({ ...valid, prompt: 42 }, "prompt")[0]?.message).toBe("Write a prompt");
  });

  it("is trimmed in the output", () => {
    expect(passes({ ...valid, prompt: "  a cat on a skateboard \n" }).prompt).toBe("a cat on a skateboard");
  });

  it(`accepts exactly PROMPT_MAX_CHARS (${PROMPT_MAX_CHARS}) characters`, () => {
    expect(passes({ ...valid, prompt: "a".repeat(PROMPT_MAX_CHARS) }).prompt).toHaveLength(PROMPT_MAX_CHARS);
  });

  it("counts the length after trimming", () => {
    expect(passes({ ...valid, prompt: `  ${"a".repeat(PROMPT_MAX_CHARS)}  ` }).prompt).toHaveLength(PROMPT_MAX_CHARS);
  });

  it("rejects PROMPT_MAX_CHARS + 1 characters with a message naming the cap", () => {
    const [issue] = failsAt({ ...valid, prompt: "a".repeat(PROMPT_MAX_CHARS + 1) }, "prompt");
    expect(issue?.message).toContain(String(PROMPT_MAX_CHARS));
  });
});

describe("model", () => {
  it.each(MODELS)("accepts %s", (model) => {
    expect(passes({ ...valid, model }).model).toBe(model);
  });

  it.each(["sora-3", "SORA-2", "", 2, undefined])("rejects %j and lists the models", (model) => {
    const [issue] = failsAt({ ...valid, model }, "model");
    for (const m of MODELS) expect(issue?.message).toContain(m);
  });
});

describe("size", () => {
  it.each(SIZES)("accepts %s", (size) => {
    expect(passes({ ...valid, size }).size).toBe(size);
  });

  it.each(["medium", "1280x720", null])("rejects %j and lists the sizes", (size) => {
    const [issue] = failsAt({ ...valid, size }, "size");
    for (const s of SIZES) expect(issue?.message).toContain(s);
  });
});

describe("duration", () => {
  it.each(DURATIONS.filter((d) => d !== LONG_DURATION))("accepts %d with any model", (duration) => {
    for (const model of MODELS) expect(passes({ ...valid, model, duration }).duration).toBe(duration);
  });

  it(`accepts ${LONG_DURATION} with ${LONG_DURATION_MODEL}`, () => {
    expect(passes({ ...valid, model: LONG_DURATION_MODEL, duration: LONG_DURATION }).duration).toBe(LONG_DURATION);
  });

  it.each([0, 4, 8, 12, 20, 30, 10.5, -10, "10", null])("rejects %j and lists the durations", (duration) => {
    const [issue] = failsAt({ ...valid, model: LONG_DURATION_MODEL, duration }, "duration");
    for (const d of DURATIONS) expect(issue?.message).toContain(String(d));
  });

  it(`rejects ${LONG_DURATION} with every model other than ${LONG_DURATION_MODEL}, at exactly ["duration"]`, () => {
    const others = MODELS.filter((m) => m !== LONG_DURATION_MODEL);
    expect(others.length).toBeGreaterThan(0);
    for (const model of others) {
      const result = generationSchema.safeParse({ ...valid, model, duration: LONG_DURATION });
      expect(result.success).toBe(false);
      if (result.success) continue;
      expect(result.error.issues).toHaveLength(1);
      expect(result.error.issues[0]?.path).toEqual(["duration"]);
      expect(result.error.issues[0]?.message).toContain(LONG_DURATION_MODEL);
      expect(result.error.issues[0]?.message).toContain(String(LONG_DURATION));
    }
  });

  it("reports the 25 s / model rule even when the prompt is empty at the same time", () => {
    const result = generationSchema.safeParse({ ...valid, prompt: "", model: "sora-2", duration: LONG_DURATION });
    expect(result.success).toBe(false);
    if (result.success) return;
    const paths = result.error.issues.map((i) => i.path);
    expect(paths).toContainEqual(["prompt"]);
    expect(paths).toContainEqual(["duration"]);
    const durationIssue = result.error.issues.find((i) => i.path.length === 1 && i.path[0] === "duration");
    expect(durationIssue?.message).toContain(LONG_DURATION_MODEL);
  });

  it("durationsFor offers the long duration only to the long-duration model", () => {
    expect(durationsFor(LONG_DURATION_MODEL)).toContain(LONG_DURATION);
    for (const model of MODELS.filter((m) => m !== LONG_DURATION_MODEL)) {
      expect(durationsFor(model)).not.toContain(LONG_DURATION);
      // Everything durationsFor offers must also be accepted by the schema.
      for (const duration of durationsFor(model)) passes({ ...valid, model, duration });
    }
  });
});

describe("orientation", () => {
  it("includes square", () => {
    expect(ORIENTATIONS).toContain("square");
  });

  it.each(ORIENTATIONS)("accepts %s", (orientation) => {
    expect(passes({ ...valid, orientation }).orientation).toBe(orientation);
  });

  it.each(["diagonal", "Square", 1])("rejects %j and lists the orientations", (orientation) => {
    const [issue] = failsAt({ ...valid, orientation }, "orientation");
    for (const o of ORIENTATIONS) expect(issue?.message).toContain(o);
  });
});

describe("image_urls", () => {
  it("is optional", () => {
    expect(passes(valid).image_urls).toBeUndefined();
  });

  it("accepts https URLs", () => {
    const urls = ["https://example.com/a.png", "https://cdn.example.org/path/b.jpg?x=1"];
    expect(passes({ ...valid, image_urls: urls }).image_urls).toEqual(urls);
  });

  it("rejects an http URL at its own index", () => {
    const [issue] = failsAt(
      { ...valid, image_urls: ["https://example.com/a.png", "http://example.com/b.png"] },
      "image_urls.1",
    );
    expect(issue?.message).toMatch(/https:\/\//);
  });

  it("rejects something that is not a URL at all", () => {
    failsAt({ ...valid, image_urls: ["not a url"] }, "image_urls.0");
  });

  it("rejects a URL longer than URL_MAX_CHARS", () => {
    const long = `https://example.com/${"a".repeat(URL_MAX_CHARS)}`;
    expect(failsAt({ ...valid, image_urls: [long] }, "image_urls.0")[0]?.message).toContain(String(URL_MAX_CHARS));
  });

  it.each(IMAGE_DATA_MIME_TYPES)("accepts an inline %s image", (mime) => {
    const data = `data:${mime};base64,iVBORw0KGgo=`;
    expect(passes({ ...valid, image_urls: [data] }).image_urls).toEqual([data]);
  });

  it("rejects data:text/plain", () => {
    const [issue] = failsAt({ ...valid, image_urls: ["data:text/plain;base64,aGVsbG8="] }, "image_urls.0");
    expect(issue?.message).toContain("data:image/png;base64");
  });

  it("rejects an image mime that is not allowed, such as image/svg+xml, naming it", () => {
    const [issue] = failsAt({ ...valid, image_urls: ["data:image/svg+xml;base64,PHN2Zz4="] }, "image_urls.0");
    expect(issue?.message).toContain("image/svg+xml");
  });

  it("rejects a data: URL whose payload is not base64", () => {
    failsAt({ ...valid, image_urls: ["data:image/png;base64,not base64!"] }, "image_urls.0");
  });

  it(`accepts IMAGE_URLS_MAX (${IMAGE_URLS_MAX}) images`, () => {
    const urls = Array.from({ length: IMAGE_URLS_MAX }, (_, i) => `https://example.com/${i}.png`);
    expect(passes({ ...valid, image_urls: urls }).image_urls).toHaveLength(IMAGE_URLS_MAX);
  });

  it("rejects IMAGE_URLS_MAX + 1 images at image_urls with the cap in the message", () => {
    const urls = Array.from({ length: IMAGE_URLS_MAX + 1 }, (_, i) => `https://example.com/${i}.png`);
    const [issue] = failsAt({ ...valid, image_urls: urls }, "image_urls");
    expect(issue?.message).toContain(String(IMAGE_URLS_MAX));
  });

  it("accepts an inline image of exactly IMAGE_DATA_MAX_BYTES decoded bytes", () => {
    const payload = base64Of(IMAGE_DATA_MAX_BYTES);
    expect(base64DecodedBytes(payload)).toBe(IMAGE_DATA_MAX_BYTES);
    passes({ ...valid, image_urls: [`data:image/png;base64,${payload}`] });
  });

  it("rejects an inline image over IMAGE_DATA_MAX_BYTES with the cap in MiB", () => {
    const payload = base64Of(IMAGE_DATA_MAX_BYTES + 3);
    expect(base64DecodedBytes(payload)).toBeGreaterThan(IMAGE_DATA_MAX_BYTES);
    const [issue] = failsAt({ ...valid, image_urls: [`data:image/jpeg;base64,${payload}`] }, "image_urls.0");
    expect(issue?.message).toContain(`${IMAGE_DATA_MAX_BYTES / 1024 / 1024} MiB`);
  });

  it("rejects a non-array", () => {
    failsAt({ ...valid, image_urls: "https://example.com/a.png" }, "image_urls");
  });
});

describe("base64DecodedBytes", () => {
  it("accounts for padding", () => {
    expect(base64DecodedBytes("AAAA")).toBe(3);
    expect(base64DecodedBytes("AAA=")).toBe(2);
    expect(base64DecodedBytes("AA==")).toBe(1);
    expect(base64DecodedBytes(Buffer.from("hello world!!").toString("base64"))).toBe(13);
  });
});

describe("character_url", () => {
  it("accepts an https URL", () => {
    expect(passes({ ...valid, character_url: CHARACTER_URL }).character_url).toBe(CHARACTER_URL);
  });

  it.each(["http://example.com/c.mp4", "ftp://example.com/c.mp4", "not a url", ""])("rejects %j", (url) => {
    failsAt({ ...valid, character_url: url }, "character_url");
  });

  it("says it must be https", () => {
    expect(failsAt({ ...valid, character_url: "http://example.com/c.mp4" }, "character_url")[0]?.message).toMatch(
      /https:\/\//,
    );
  });
});

describe("character_start / character_end", () => {
  const withChar = { ...valid, character_url: CHARACTER_URL };

  it("accepts neither", () => {
    const out = passes(withChar);
    expect(out.character_start).toBeUndefined();
    expect(out.character_end).toBeUndefined();
  });

  it(`accepts the span CHARACTER_SPAN_MIN_S (${CHARACTER_SPAN_MIN_S} s) and CHARACTER_SPAN_MAX_S (${CHARACTER_SPAN_MAX_S} s)`, () => {
    expect(passes({ ...withChar, character_start: 0, character_end: CHARACTER_SPAN_MIN_S })).toMatchObject({
      character_start: 0,
      character_end: CHARACTER_SPAN_MIN_S,
    });
    expect(passes({ ...withChar, character_start: 0, character_end: CHARACTER_SPAN_MAX_S })).toMatchObject({
      character_end: CHARACTER_SPAN_MAX_S,
    });
    // The docs' own example: 1 to 3.
    passes({ ...withChar, character_start: 1, character_end: 3 });
  });

  it("rejects a span shorter than CHARACTER_SPAN_MIN_S at character_end", () => {
    const [issue] = failsAt(
      { ...withChar, character_start: 0, character_end: CHARACTER_SPAN_MIN_S / 2 },
      "character_end",
    );
    expect(issue?.message).toContain(`${CHARACTER_SPAN_MIN_S}–${CHARACTER_SPAN_MAX_S} s`);
  });

  it("rejects a span longer than CHARACTER_SPAN_MAX_S at character_end", () => {
    const [issue] = failsAt(
      { ...withChar, character_start: 0, character_end: CHARACTER_SPAN_MAX_S + 0.5 },
      "character_end",
    );
    expect(issue?.message).toContain(`${CHARACTER_SPAN_MIN_S}–${CHARACTER_SPAN_MAX_S} s`);
    expect(issue?.message).toContain(`${CHARACTER_SPAN_MAX_S + 0.5} s`);
  });

  it("rejects a negative start", () => {
    const [issue] = failsAt({ ...withChar, character_start: -1, character_end: 1 }, "character_start");
    expect(issue?.message).toMatch(/negative/);
  });

  it("rejects start == end", () => {
    const [issue] = failsAt({ ...withChar, character_start: 2, character_end: 2 }, "character_end");
    expect(issue?.message).toMatch(/after/);
  });

  it("rejects start > end", () => {
    failsAt({ ...withChar, character_start: 3, character_end: 1 }, "character_end");
  });

  it("rejects only a start (both or neither)", () => {
    const [issue] = failsAt({ ...withChar, character_start: 1 }, "character_end");
    expect(issue?.message).toMatch(/both/);
  });

  it("rejects only an end (both or neither)", () => {
    const [issue] = failsAt({ ...withChar, character_end: 2 }, "character_start");
    expect(issue?.message).toMatch(/both/);
  });

  it("rejects a start and end without a character_url", () => {
    const [issue] = failsAt({ ...valid, character_start: 1, character_end: 3 }, "character_start");
    expect(issue?.message).toMatch(/character clip URL/);
  });

  it("rejects non-numbers", () => {
    failsAt({ ...withChar, character_start: "1", character_end: 3 }, "character_start");
    failsAt({ ...withChar, character_start: 1, character_end: Number.POSITIVE_INFINITY }, "character_end");
  });
});

describe("unknown keys", () => {
  it("are rejected and reported at the key's own name", () => {
    const result = generationSchema.safeParse({ ...valid, callback_url: "https://example.com/cb", seed: 7 });
    expect(result.success).toBe(false);
    if (result.success) return;
    const issues = toFieldIssues(result.error);
    expect(issues).toContainEqual({ path: "callback_url", message: "Unknown field: callback_url" });
    // seed is a field of the catalog's vocabulary (Seedance takes one): named as not taken by this model.
    expect(issues).toContainEqual({ path: "seed", message: "sora-2 does not take a seed" });
  });
});

describe("toFieldIssues", () => {
  it("joins nested paths with dots and keeps the message", () => {
    const result = generationSchema.safeParse({
      ...valid,
      prompt: "",
      image_urls: ["https://ok.example/a.png", "http://bad"],
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    const issues = toFieldIssues(result.error);
    expect(issues).toContainEqual({ path: "prompt", message: "Write a prompt" });
    expect(issues.map((i) => i.path)).toContain("image_urls.1");
  });
});

describe("request body cap", () => {
  it("fits the largest request the schema accepts, so a valid request is never refused as too large", async () => {
    const {
      REQUEST_BODY_MAX_BYTES,
      IMAGE_URLS_MAX: max,
      IMAGE_DATA_MAX_BYTES: bytes,
      PROMPT_MAX_CHARS: chars,
    } = await import("@/lib/schemas/rules");
    const image = `data:image/jpeg;base64,${"A".repeat(Math.floor(bytes / 3) * 4)}`;
    const largest = {
      prompt: "鲸".repeat(chars),
      model: "sora-2-pro",
      size: "large",
      duration: 25,
      orientation: "portrait",
      image_urls: Array.from({ length: max }, () => image),
      character_url: `https://example.com/${"c".repeat(1900)}.mp4`,
      character_start: 0,
      character_end: 3,
    };
    expect(generationSchema.safeParse(largest).success).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(largest))).toBeLessThanOrEqual(REQUEST_BODY_MAX_BYTES);
  });
});

describe("uploads to this studio (/api/uploads/<id>)", () => {
  const ref = `/api/uploads/${"a1".repeat(16)}`;

  it("accepts an upload as a reference image and as the character clip", () => {
    expect(passes({ ...valid, image_urls: [ref, "https://example.com/b.png"] }).image_urls).toEqual([
      ref,
      "https://example.com/b.png",
    ]);
    expect(passes({ ...valid, character_url: ref }).character_url).toBe(ref);
  });

  it.each([
    "/api/uploads/../../etc/passwd",
    `/api/uploads/${"A1".repeat(16)}`,
    `/api/uploads/${"a1".repeat(15)}`,
    `/api/media/${"a1".repeat(16)}`,
    `api/uploads/${"a1".repeat(16)}`,
  ])("refuses a path that is not exactly an upload id: %j", (value) => {
    failsAt({ ...valid, image_urls: [value] }, "image_urls.0");
    failsAt({ ...valid, character_url: value }, "character_url");
  });
});
