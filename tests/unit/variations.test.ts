import { describe, expect, it } from "vitest";
import type { GenerationRequest } from "@/lib/schemas/generation";
import {
  VARIATIONS_MAX,
  axisCounts,
  expandVariations,
  variationSpecSchema,
  variationsProblem,
  type VariationSpec,
} from "@/lib/schemas/variations";

// Variations: what a spec accepts, the requests it expands to and in which order, which
// combinations are skipped (by the generation schema's own verdict) and the cap.

const base: GenerationRequest = {
  prompt: "A paper boat in the rain",
  model: "sora-2",
  size: "small",
  duration: 10,
  orientation: "landscape",
};
const settings = (r: GenerationRequest) => `${r.model}/${r.duration}/${r.orientation}/${r.size}`;

describe("variationSpecSchema", () => {
  it("accepts a repeat of 1–4 and a matrix of non-empty, duplicate-free axes", () => {
    for (const count of [1, 2, 3, 4])
      expect(variationSpecSchema.safeParse({ mode: "repeat", count }).success).toBe(true);
    expect(variationSpecSchema.safeParse({ mode: "matrix" }).success).toBe(true);
    expect(
      variationSpecSchema.safeParse({
        mode: "matrix",
        models: ["sora-2", "sora-2-pro"],
        durations: [10, 25],
        orientations: ["portrait"],
        sizes: ["large", "small"],
      }).success,
    ).toBe(true);
  });

  it("refuses counts out of range, empty or repeated axis values, unknown values and keys", () => {
    const refused: unknown[] = [
      { mode: "repeat", count: 0 },
      { mode: "repeat", count: 5 },
      { mode: "repeat", count: 2.5 },
      { mode: "repeat" },
      { mode: "matrix", models: [] },
      { mode: "matrix", durations: [10, 10] },
      { mode: "matrix", durations: [12] },
      { mode: "matrix", orientations: ["diagonal"] },
      { mode: "matrix", sizes: "large" },
      { mode: "matrix", prompts: ["a", "b"] },
      { mode: "shuffle" },
      {},
    ];
    for (const spec of refused) expect(variationSpecSchema.safeParse(spec).success, JSON.stringify(spec)).toBe(false);
  });
});

describe("expandVariations", () => {
  it("repeats the same request count times", () => {
    const { requests, skipped } = expandVariations(base, { mode: "repeat", count: 3 });
    expect(requests).toEqual([base, base, base]);
    expect(skipped).toEqual([]);
    // Copies, not one object three times (a caller may change one).
    expect(new Set(requests).size).toBe(3);
  });

  it("expands a matrix in a fixed order: models, then durations, orientations, sizes, each in canonical order", () => {
    const spec: VariationSpec = {
      mode: "matrix",
      sizes: ["large", "small"],
      orientations: ["square", "landscape"],
      durations: [15, 10],
    };
    const { requests, skipped } = expandVariations(base, spec);
    expect(requests.map(settings)).toEqual([
      "sora-2/10/landscape/small",
      "sora-2/10/landscape/large",
      "sora-2/10/square/small",
      "sora-2/10/square/large",
      "sora-2/15/landscape/small",
      "sora-2/15/landscape/large",
      "sora-2/15/square/small",
      "sora-2/15/square/large",
    ]);
    expect(skipped).toEqual([]);
    // Everything else is the base's.
    for (const r of requests) expect(r.prompt).toBe(base.prompt);
    // The order does not depend on how the spec lists its values.
    expect(
      expandVariations(base, {
        mode: "matrix",
        durations: [10, 15],
        orientations: ["landscape", "square"],
        sizes: ["small", "large"],
      }).requests,
    ).toEqual(requests);
  });

  it("keeps the base's value for an omitted axis (a matrix of nothing is the base itself)", () => {
    expect(expandVariations(base, { mode: "matrix" }).requests).toEqual([base]);
    expect(
      expandVariations(
        { ...base, orientation: "portrait" },
        { mode: "matrix", models: ["sora-2", "sora-2-pro"] },
      ).requests.map(settings),
    ).toEqual(["sora-2/10/portrait/small", "sora-2-pro/10/portrait/small"]);
  });

  it("skips the combinations the generation schema refuses, with the schema's reason", () => {
    const { requests, skipped } = expandVariations(base, {
      mode: "matrix",
      models: ["sora-2", "sora-2-pro"],
      durations: [10, 15, 25],
    });
    expect(requests.map(settings)).toEqual([
      "sora-2/10/landscape/small",
      "sora-2/15/landscape/small",
      "sora-2-pro/10/landscape/small",
      "sora-2-pro/15/landscape/small",
      "sora-2-pro/25/landscape/small",
    ]);
    expect(skipped.map((s) => settings(s.request))).toEqual(["sora-2/25/landscape/small"]);
    expect(skipped[0]?.reason.message).toBe("25 s videos need sora-2-pro; pick sora-2-pro or a shorter duration");
    expect(skipped[0]?.reason.issue.path).toEqual(["duration"]);
  });

  it("previews a draft that is still invalid: only problems a combination adds skip it", () => {
    const draft = { ...base, prompt: "" };
    const { requests, skipped } = expandVariations(draft, { mode: "matrix", models: ["sora-2"], durations: [10, 25] });
    expect(requests.map(settings)).toEqual(["sora-2/10/landscape/small"]);
    expect(skipped.map((s) => s.reason.issue.path)).toEqual([["duration"]]);
  });
});

describe("variationsProblem and the cap", () => {
  it(`allows up to ${VARIATIONS_MAX} videos and names the count beyond`, () => {
    const twelve = expandVariations(base, {
      mode: "matrix",
      models: ["sora-2", "sora-2-pro"],
      orientations: ["landscape", "portrait", "square"],
      sizes: ["small", "large"],
    });
    expect(twelve.requests).toHaveLength(12);
    expect(variationsProblem(twelve)).toBeUndefined();
    const tooMany = expandVariations(base, {
      mode: "matrix",
      durations: [10, 15],
      orientations: ["landscape", "portrait", "square"],
      sizes: ["small", "large"],
      models: ["sora-2", "sora-2-pro"],
    });
    expect(tooMany.requests).toHaveLength(24);
    expect(variationsProblem(tooMany)).toEqual({ code: "too_many", count: 24, max: VARIATIONS_MAX });
  });

  it("counts only the valid combinations against the cap", () => {
    // 2 models × 3 durations × 2 sizes = 12 combinations, of which sora-2 × 25 s (2) are skipped: 10.
    const spec: VariationSpec = {
      mode: "matrix",
      models: ["sora-2", "sora-2-pro"],
      durations: [10, 15, 25],
      sizes: ["small", "large"],
    };
    const expansion = expandVariations(base, spec);
    expect(expansion.requests).toHaveLength(10);
    expect(expansion.skipped).toHaveLength(2);
    expect(variationsProblem(expansion)).toBeUndefined();
    expect(axisCounts(spec)).toEqual({ models: 2, durations: 3, orientations: 1, sizes: 2 });
  });

  it("reports a matrix with no valid combination", () => {
    const expansion = expandVariations(base, { mode: "matrix", models: ["sora-2"], durations: [25] });
    expect(expansion.requests).toEqual([]);
    expect(variationsProblem(expansion)).toEqual({ code: "none_valid" });
  });
});
