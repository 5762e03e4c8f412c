import { describe, expect, it } from "vitest";
import { estimateMs, waitEstimate } from "@/components/task/estimate";
import type { Task } from "@/lib/schemas/task";
import { makeTask } from "../support/task-fixture";

const task = (over: Partial<Task> & { took?: number; model?: "sora-2" | "sora-2-pro"; duration?: number }): Task => {
  const submittedAt = "2026-01-01T00:00:00.000Z";
  return makeTask({
    id: Math.random().toString(36),
    state: "succeeded",
    request: {
      prompt: "p",
      model: over.model ?? "sora-2",
      size: "small",
      duration: over.duration ?? 10,
      orientation: "landscape",
    },
    upstreamTaskId: "u",
    attempts: 1,
    createdAt: submittedAt,
    updatedAt: submittedAt,
    submittedAt,
    finishedAt: over.took === undefined ? null : new Date(Date.parse(submittedAt) + over.took).toISOString(),
    ...over,
  });
};

describe("estimateMs", () => {
  it("is unknown without finished tasks of the same kind", () => {
    expect(estimateMs(task({ state: "processing" }), [])).toBeUndefined();
    expect(
      estimateMs(task({ state: "processing" }), [
        task({ took: 5000, model: "sora-2-pro" }),
        task({ took: 5000, duration: 15 }),
      ]),
    ).toBeUndefined();
  });

  it("is the median of matching successes, ignoring failures", () => {
    const history = [
      task({ took: 90_000 }),
      task({ took: 60_000 }),
      task({ took: 300_000 }),
      task({ took: 1_000, state: "failed" }),
    ];
    expect(estimateMs(task({ state: "processing" }), history)).toBe(90_000);
    expect(estimateMs(task({ state: "processing" }), [...history, task({ took: 100_000 })])).toBe(95_000);
  });
});

describe("waitEstimate (the composer's, for a request not yet made)", () => {
  it("gives the median and how many finished tasks of that model, size and duration it comes from", () => {
    const history = [
      task({ took: 40_000 }),
      task({ took: 80_000 }),
      task({ took: 60_000 }),
      task({ took: 5_000, model: "sora-2-pro" }),
    ];
    expect(waitEstimate({ model: "sora-2", size: "small", duration: 10 }, history)).toEqual({ ms: 60_000, count: 3 });
    expect(waitEstimate({ model: "sora-2-pro", size: "small", duration: 10 }, history)).toEqual({
      ms: 5_000,
      count: 1,
    });
    expect(waitEstimate({ model: "sora-2", size: "large", duration: 10 }, history)).toBeUndefined();
  });
});
