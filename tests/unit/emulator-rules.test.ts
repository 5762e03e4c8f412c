import { describe, expect, it } from "vitest";
import { FaultBook, parseFaults, promptFault, statusOf, type Fault } from "@/lib/emulator/faults";
import { validateCreate } from "@/lib/emulator/validate";
import { CHARACTER_SPAN_MAX_S, CHARACTER_SPAN_MIN_S, LONG_DURATION, LONG_DURATION_MODEL } from "@/lib/schemas/rules";

const minimal = { prompt: "a lighthouse at dusk", model: "sora-2" };

function refused(body: unknown): string {
  const result = validateCreate(body);
  expect(result.ok).toBe(false);
  return result.ok ? "" : result.message;
}

describe("validateCreate", () => {
  it("accepts a minimal body and returns it", () => {
    const result = validateCreate(minimal);
    expect(result).toEqual({ ok: true, body: minimal });
  });

  it("accepts a full body with a character span and callback", () => {
    const result = validateCreate({
      ...minimal,
      model: LONG_DURATION_MODEL,
      size: "large",
      duration: LONG_DURATION,
      orientation: "square",
      image_urls: ["https://example.com/a.png", "data:image/png;base64,AAAA"],
      character_url: "https://example.com/c.mp4",
      character_start: 1,
      character_end: 3,
      callback_url: "https://studio.example/api/callbacks/abc",
      async: true,
      version: "1.0",
    });
    expect(result.ok).toBe(true);
  });

  it("refuses a non-object body", () => {
    expect(refused(null)).toMatch(/JSON object/);
    expect(refused([minimal])).toMatch(/JSON object/);
  });

  it("refuses a missing or blank prompt", () => {
    expect(refused({ model: "sora-2" })).toBe("prompt is required");
    expect(refused({ model: "sora-2", prompt: "   " })).toBe("prompt is required");
  });

  it("refuses a bad model", () => {
    expect(refused({ ...minimal, model: "sora-3" })).toMatch(/model must be one of sora-2, sora-2-pro/);
    expect(refused({ prompt: "x" })).toMatch(/model/);
  });

  it(`refuses ${LONG_DURATION} s with sora-2, naming ${LONG_DURATION_MODEL}`, () => {
    const message = refused({ ...minimal, duration: LONG_DURATION });
    expect(message).toContain(String(LONG_DURATION));
    expect(message).toContain(LONG_DURATION_MODEL);
  });

  it("refuses a duration outside the list", () => {
    expect(refused({ ...minimal, duration: 12 })).toMatch(/duration must be one of/);
  });

  it("refuses a character span out of range", () => {
    const withChar = { ...minimal, character_url: "https://example.com/c.mp4" };
    for (const span of [CHARACTER_SPAN_MIN_S / 2, CHARACTER_SPAN_MAX_S + 0.5]) {
      expect(refused({ ...withChar, character_start: 0, character_end: span })).toMatch(
        /character span must be between/,
      );
    }
    expect(refused({ ...withChar, character_start: 2, character_end: 2 })).toMatch(/before character_end/);
    expect(refused({ ...withChar, character_start: -1, character_end: 1 })).toMatch(/>= 0/);
    expect(refused({ ...minimal, character_start: 1, character_end: 3 })).toMatch(/need character_url/);
    expect(validateCreate({ ...withChar, character_start: 0, character_end: CHARACTER_SPAN_MAX_S }).ok).toBe(true);
  });

  it("refuses a callback_url that is not a URL", () => {
    expect(refused({ ...minimal, callback_url: "not a url" })).toBe("callback_url must be a URL");
    expect(refused({ ...minimal, callback_url: "ftp://example.com/cb" })).toBe("callback_url must be a URL");
  });

  it('refuses version "2.0"', () => {
    expect(refused({ ...minimal, version: "2.0" })).toMatch(/version 2\.0 is not supported/);
  });

  it("refuses image_urls with a non-URL entry", () => {
    expect(refused({ ...minimal, image_urls: ["nope"] })).toMatch(/image_urls/);
    expect(refused({ ...minimal, image_urls: "https://example.com/a.png" })).toMatch(/image_urls must be an array/);
  });

  it("refuses a non-boolean async", () => {
    expect(refused({ ...minimal, async: "yes" })).toMatch(/async/);
  });
});

describe("parseFaults", () => {
  it("parses a valid list, keeping only known fields", () => {
    const faults = parseFaults([
      { on: "create", code: "too_many_requests", times: 2, retryAfterS: 3, extra: "dropped" },
      { on: "retrieve", code: "api_error", bare: true, message: "kaboom", delayMs: 10 },
      { on: "task", code: "forbidden", status: 451 },
    ]);
    expect(faults).toEqual([
      { on: "create", code: "too_many_requests", times: 2, retryAfterS: 3 },
      { on: "retrieve", code: "api_error", bare: true, message: "kaboom", delayMs: 10 },
      { on: "task", code: "forbidden", status: 451 },
    ]);
  });

  it("accepts a single fault object", () => {
    expect(parseFaults({ on: "create", code: "timeout" })).toEqual([{ on: "create", code: "timeout" }]);
  });

  it("refuses an invalid on", () => {
    expect(() => parseFaults([{ on: "delete", code: "api_error" }])).toThrow(/"on" must be/);
  });

  it("refuses a missing or empty code", () => {
    expect(() => parseFaults([{ on: "create" }])).toThrow(/"code" is required/);
    expect(() => parseFaults([{ on: "create", code: "" }])).toThrow(/"code" is required/);
  });

  it("refuses negative times and names the fault index", () => {
    expect(() =>
      parseFaults([
        { on: "create", code: "api_error" },
        { on: "create", code: "api_error", times: -1 },
      ]),
    ).toThrow(/fault 1: "times" must be a non-negative number/);
  });

  it("refuses a non-object entry", () => {
    expect(() => parseFaults(["api_error"])).toThrow(/must be an object/);
  });
});

describe("FaultBook", () => {
  it("counts down times and removes the fault when spent", () => {
    const book = new FaultBook();
    book.set([{ on: "create", code: "api_error", times: 2 }]);
    expect(book.take("create")?.code).toBe("api_error");
    expect(book.list()).toEqual([{ on: "create", code: "api_error", times: 1 }]);
    expect(book.take("create")?.code).toBe("api_error");
    expect(book.list()).toEqual([]);
    expect(book.take("create")).toBeUndefined();
  });

  it("keeps a fault without times until cleared", () => {
    const book = new FaultBook();
    book.set([{ on: "retrieve", code: "timeout" }]);
    for (let i = 0; i < 5; i++) expect(book.take("retrieve")?.code).toBe("timeout");
    book.set([]);
    expect(book.take("retrieve")).toBeUndefined();
  });

  it("only takes faults for the asked target, first one first", () => {
    const book = new FaultBook();
    book.set([
      { on: "create", code: "used_up", times: 1 },
      { on: "retrieve", code: "api_error", times: 1 },
      { on: "create", code: "forbidden", times: 1 },
    ]);
    expect(book.take("task")).toBeUndefined();
    expect(book.take("create")?.code).toBe("used_up");
    expect(book.take("create")?.code).toBe("forbidden");
    expect(book.take("create")).toBeUndefined();
    expect(book.take("retrieve")?.code).toBe("api_error");
  });

  it("does not let callers mutate its faults", () => {
    const faults: Fault[] = [{ on: "create", code: "api_error", times: 1 }];
    const book = new FaultBook();
    book.set(faults);
    const listed = book.list();
    (listed[0] as Fault).times = 99;
    expect(faults[0]?.times).toBe(1);
    expect(book.take("create")?.code).toBe("api_error");
    expect(book.take("create")).toBeUndefined();
    expect(faults[0]?.times).toBe(1);
  });
});

describe("promptFault", () => {
  it("reads [emulate:fail=forbidden]", () => {
    expect(promptFault("a cat [emulate:fail=forbidden] on a boat")).toEqual({ on: "task", code: "forbidden" });
  });

  it("reads [emulate:fail=used_up:bare]", () => {
    expect(promptFault("[emulate:fail=used_up:bare] a dog")).toEqual({ on: "task", code: "used_up", bare: true });
  });

  it("is undefined for plain prompts", () => {
    expect(promptFault("a plain prompt about failing")).toBeUndefined();
    expect(promptFault("")).toBeUndefined();
    expect(promptFault("[emulate:fail=]")).toBeUndefined();
  });
});

describe("statusOf", () => {
  it.each([
    ["forbidden", 403],
    ["used_up", 403],
    ["too_many_requests", 429],
    ["rate_limited", 429],
    ["api_error", 500],
    ["timeout", 504],
    ["invalid_token", 401],
    ["bad_request", 400],
    ["no_api", 404],
    ["something_unknown", 500],
  ] as const)("maps %s to %d", (code, status) => {
    expect(statusOf({ on: "create", code })).toBe(status);
  });

  it("lets an explicit status win", () => {
    expect(statusOf({ on: "create", code: "forbidden", status: 451 })).toBe(451);
  });
});
