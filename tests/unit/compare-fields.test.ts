import { describe, expect, it } from "vitest";
import { compareFields } from "@/components/compare/differences";
import type { GenerationRequest } from "@/lib/schemas/generation";

const request = (over: Partial<GenerationRequest> = {}): GenerationRequest => ({
  prompt: "A fox",
  model: "sora-2",
  size: "small",
  duration: 10,
  orientation: "landscape",
  ...over,
});
const differing = (requests: GenerationRequest[]) =>
  compareFields(requests)
    .filter((r) => r.differs)
    .map((r) => r.field);

describe("compareFields", () => {
  it("lists every field once, in order, with each video's value", () => {
    const rows = compareFields([request(), request({ image_urls: ["https://x/a.png", "https://x/b.png"] })]);
    expect(rows.map((r) => r.field)).toEqual([
      "model",
      "size",
      "duration",
      "orientation",
      "prompt",
      "images",
      "character",
    ]);
    expect(rows.find((r) => r.field === "images")?.values).toEqual([0, 2]);
  });

  it("marks nothing for identical requests (a prompt differing only by surrounding spaces is the same)", () => {
    expect(differing([request(), request({ prompt: " A fox " })])).toEqual([]);
  });

  it("marks exactly the fields that differ", () => {
    expect(differing([request(), request({ model: "sora-2-pro", duration: 15 }), request()])).toEqual([
      "model",
      "duration",
    ]);
    expect(differing([request({ orientation: "portrait" }), request({ prompt: "A whale" })])).toEqual([
      "orientation",
      "prompt",
    ]);
  });

  it("a field differs when any one of four disagrees", () => {
    expect(differing([request(), request(), request(), request({ size: "large" })])).toEqual(["size"]);
  });

  it("compares the character clip by URL and span", () => {
    const clip = { character_url: "https://x/c.mp4", character_start: 0, character_end: 2 };
    expect(differing([request(clip), request(clip)])).toEqual([]);
    expect(differing([request(clip), request({ ...clip, character_end: 3 })])).toEqual(["character"]);
    expect(differing([request(clip), request()])).toEqual(["character"]);
    expect(compareFields([request(clip), request()]).at(-1)?.values).toEqual([
      { url: "https://x/c.mp4", start: 0, end: 2 },
      null,
    ]);
  });

  it("counts images, not their addresses", () => {
    expect(
      differing([request({ image_urls: ["https://x/a.png"] }), request({ image_urls: ["https://x/b.png"] })]),
    ).toEqual([]);
  });
});
