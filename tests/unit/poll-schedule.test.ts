import { describe, expect, it } from "vitest";
import {
  failureBackoffMs,
  nextRoundMs,
  pollIntervalMs,
  taskDueMs,
  type PollSettings,
} from "@/lib/server/tasks/poll-schedule";

const s: PollSettings = { minMs: 3_000, maxMs: 15_000, rampMs: 120_000, callbackMs: 60_000 };

describe("poll schedule", () => {
  it("polls young tasks often and old ones less, from min to max over the ramp", () => {
    expect(pollIntervalMs(0, s)).toBe(3_000);
    expect(pollIntervalMs(60_000, s)).toBe(9_000);
    expect(pollIntervalMs(120_000, s)).toBe(15_000);
    expect(pollIntervalMs(3_600_000, s)).toBe(15_000);
    expect(pollIntervalMs(-5, s)).toBe(3_000);
  });

  it("relies on callbacks once they are known to work and the task renders, keeping a slow safety net", () => {
    expect(pollIntervalMs(0, s, true)).toBe(60_000);
    const task = { sinceMs: 1_000, lastPolledMs: null, hasCallback: true, rendering: true };
    expect(taskDueMs(task, s, false)).toBe(4_000);
    expect(taskDueMs(task, s, true)).toBe(61_000);
    expect(taskDueMs({ ...task, hasCallback: false }, s, true)).toBe(4_000);
    // Not yet seen rendering: polled as usual, so the gallery shows it start.
    expect(taskDueMs({ ...task, rendering: false }, s, true)).toBe(4_000);
  });

  it("runs a round when the earliest task is due, and never when nothing is unfinished", () => {
    expect(nextRoundMs([], s, false)).toBeNull();
    const tasks = [
      { sinceMs: 0, lastPolledMs: 100_000, hasCallback: false, rendering: true }, // old: due at 100 s + ~13 s
      { sinceMs: 95_000, lastPolledMs: null, hasCallback: false, rendering: false }, // young: due 3 s after submission
    ];
    expect(nextRoundMs(tasks, s, false)).toBe(98_000);
  });

  it("backs off exponentially after failures, capped, and at least as long as Retry-After", () => {
    expect(failureBackoffMs(1, s)).toBe(6_000);
    expect(failureBackoffMs(2, s)).toBe(12_000);
    expect(failureBackoffMs(10, s)).toBe(60_000);
    expect(failureBackoffMs(1, s, 30)).toBe(30_000);
  });

  it("asks far less often than a naive 10 s per-task poller for five 120 s tasks", () => {
    // The same arithmetic the benchmark runs against the emulator: rounds over 120 s.
    let rounds = 0;
    let last: number | null = null;
    for (let now = 0; now <= 120_000; now += 100) {
      const due = nextRoundMs([{ sinceMs: 0, lastPolledMs: last, hasCallback: false, rendering: false }], s, false);
      if (due !== null && now >= due) {
        rounds++;
        last = now;
      }
    }
    expect(rounds).toBeLessThanOrEqual(20); // naive: 5 tasks × 12 polls = 60
    expect(rounds).toBeGreaterThanOrEqual(10);
  });
});
