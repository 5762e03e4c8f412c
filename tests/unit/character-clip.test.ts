import { describe, expect, it } from "vitest";
import { clipProblems, defaultSpan, floorToStep } from "@/components/character/clip-rules";
import { isMp4Family } from "@/components/character/probe-video";
import { composerDefaults, composerResolver, type ComposerValues } from "@/components/composer/form-values";
import type { LocalIssue } from "@/components/ui/form/schema-resolver";
import { CHARACTER_SPAN_MAX_S } from "@/lib/schemas/rules";
import fs from "node:fs";
import path from "node:path";

describe("clip rules", () => {
  it("has nothing to say before the clip's length is known", () => {
    expect(clipProblems(undefined, 99)).toEqual([]);
  });

  it("refuses a clip shorter than a span, at the URL", () => {
    expect(clipProblems(0.5, undefined)).toEqual([{ path: "character_url", rule: "clip_too_short", durationS: 0.5 }]);
  });

  it("refuses an end past the clip, at the end field, and accepts an end exactly at it", () => {
    expect(clipProblems(2.4, 2.5)).toEqual([{ path: "character_end", rule: "end_past_clip", durationS: 2.4 }]);
    expect(clipProblems(2.4, 2.4)).toEqual([]);
  });

  it(`picks 0 to the longest allowed span (${CHARACTER_SPAN_MAX_S} s) for a new clip, or the whole of a short one`, () => {
    expect(defaultSpan(10)).toEqual({ start: 0, end: CHARACTER_SPAN_MAX_S });
    expect(defaultSpan(1.87)).toEqual({ start: 0, end: floorToStep(1.87) });
    expect(floorToStep(1.87)).toBeCloseTo(1.8);
  });

  it("knows an MP4 by its ftyp box, not by its name", () => {
    const mp4 = fs.readFileSync(path.join(import.meta.dirname, "../../lib/emulator/assets/square-small-10s.mp4"));
    expect(isMp4Family(new Uint8Array(mp4.subarray(0, 12)))).toBe(true);
    expect(isMp4Family(new TextEncoder().encode("GIF89a not a video"))).toBe(false);
  });
});

describe("the composer's resolver with the browser's own checks", () => {
  const values = {
    ...composerDefaults,
    prompt: "a fox",
    character_url: "https://example.com/c.mp4",
    character_start: "0",
    character_end: "3",
  };
  const run = (issues: () => LocalIssue<ComposerValues>[], v = values) =>
    composerResolver({ localIssues: issues })(v, undefined, { fields: {}, shouldUseNativeValidation: false });

  it("passes the schema's verdict through when the browser has nothing to add", async () => {
    const result = await run(() => []);
    expect(result.errors).toEqual({});
    expect(result.values).toMatchObject({ prompt: "a fox", character_end: 3 });
  });

  it("adds a local issue at its field and withholds the values", async () => {
    const result = await run(() => [
      { path: "character_end", message: "The clip is 2.0 s long; the end must be at most 2.0 s." },
    ]);
    expect(result.values).toEqual({});
    expect(result.errors.character_end?.message).toBe("The clip is 2.0 s long; the end must be at most 2.0 s.");
  });

  it("keeps the schema's message where both have one", async () => {
    const result = await run(() => [{ path: "character_end", message: "local" }], { ...values, character_end: "9" });
    expect(result.errors.character_end?.message).toMatch(/span/);
  });
});
