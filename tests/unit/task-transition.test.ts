import { describe, expect, it } from "vitest";
import type { TaskState } from "@/lib/schemas/task";
import { SUBMIT_MAX_ATTEMPTS, submitBackoffMs, transition, type Update } from "@/lib/server/tasks/lifecycle";
import { mapUpstreamError, type Phase } from "@/lib/server/upstream/records";

const now = new Date("2026-03-01T12:00:00.000Z");
const at = now.toISOString();
const task = (state: TaskState, attempts = 0) => ({ state, attempts });
const phase = (p: Phase): Update => ({ kind: "phase", phase: p });

const VIDEO_URL = "https://filesystem.site/cdn/x/src.mp4?st=1772366400&se=1772884800&sig=abc";
const succeeded: Phase = {
  phase: "succeeded",
  videos: [
    { id: "sora-2:task_01", url: VIDEO_URL, expiresAt: "2026-03-07T12:00:00.000Z" },
    { id: "sora-2:task_02", url: `${VIDEO_URL}&n=2`, expiresAt: null },
  ],
};

/** The transition moves the task to `state`, with `patch` among the columns it writes. */
function expectMove(next: ReturnType<typeof transition>, state: TaskState, patch: object) {
  expect(next?.state).toBe(state);
  expect(next?.patch).toMatchObject(patch);
}
const ALL_STATES: TaskState[] = ["queued", "submitted", "processing", "succeeded", "failed"];

describe("transition: accepted", () => {
  it("moves a queued task to submitted with the upstream task id and submitted_at", () => {
    const next = transition(task("queued", 2), { kind: "accepted", upstreamTaskId: "up-1", traceId: "trace-1" }, now);
    expect(next).not.toBeNull();
    expectMove(next, "submitted", {
      state: "submitted",
      upstream_task_id: "up-1",
      trace_id: "trace-1",
      submitted_at: at,
      updated_at: at,
      attempts: 3,
      error_code: null,
      error_message: null,
      next_attempt_at: null,
    });
    expect(next?.patch.finished_at).toBeUndefined();
    expect(next?.videos).toEqual([]);
  });

  it.each(ALL_STATES.filter((s) => s !== "queued"))("is ignored on a %s task", (state) => {
    expect(transition(task(state, 1), { kind: "accepted", upstreamTaskId: "up-2", traceId: null }, now)).toBeNull();
  });
});

describe("transition: phase", () => {
  it("processing moves a submitted task to processing", () => {
    const next = transition(task("submitted", 1), phase({ phase: "processing" }), now);
    expectMove(next, "processing", { state: "processing", updated_at: at });
    expect(next?.patch.finished_at).toBeUndefined();
  });

  it("processing again on a processing task changes nothing", () => {
    expect(transition(task("processing", 1), phase({ phase: "processing" }), now)).toBeNull();
  });

  it("pending changes nothing", () => {
    for (const state of ALL_STATES) expect(transition(task(state, 1), phase({ phase: "pending" }), now)).toBeNull();
  });

  it.each(["submitted", "processing"] as const)("succeeded finishes a %s task with its videos", (state) => {
    const next = transition(task(state, 1), phase(succeeded), now);
    expectMove(next, "succeeded", {
      state: "succeeded",
      finished_at: at,
      updated_at: at,
      claimed_until: null,
      error_code: null,
      error_message: null,
    });
    expect(next?.videos).toHaveLength(2);
    expect(next?.videos[0]).toMatchObject({
      upstreamId: "sora-2:task_01",
      sourceUrl: VIDEO_URL,
      expiresAt: "2026-03-07T12:00:00.000Z",
    });
    expect(next?.videos[1]).toMatchObject({
      upstreamId: "sora-2:task_02",
      sourceUrl: `${VIDEO_URL}&n=2`,
      expiresAt: null,
    });
    const ids = next?.videos.map((v) => v.id) ?? [];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Our ids are our own, never the upstream's.
    expect(ids).not.toContain("sora-2:task_01");
  });

  it("generates fresh video ids on each call", () => {
    const a = transition(task("processing"), phase(succeeded), now);
    const b = transition(task("processing"), phase(succeeded), now);
    expect(a?.videos[0]?.id).not.toBe(b?.videos[0]?.id);
  });

  it("failed fails the task with the upstream code and a plain message quoting the upstream message", () => {
    const next = transition(
      task("processing", 1),
      phase({ phase: "failed", error: { code: "forbidden", message: "a real person was detected" } }),
      now,
    );
    expectMove(next, "failed", {
      state: "failed",
      error_code: "forbidden",
      finished_at: at,
      claimed_until: null,
    });
    expect(next?.patch.error_message).toContain("a real person was detected");
    expect(next?.videos).toEqual([]);
  });

  it("failed with an unknown code still quotes the upstream message", () => {
    const next = transition(
      task("submitted", 1),
      phase({ phase: "failed", error: { code: "api_error", message: "GPU fell over" } }),
      now,
    );
    expect(next?.patch.error_code).toBe("api_error");
    expect(next?.patch.error_message).toContain("GPU fell over");
  });

  it("a late processing after succeeded never moves the task backwards", () => {
    expect(transition(task("succeeded", 1), phase({ phase: "processing" }), now)).toBeNull();
  });

  it("a failed after succeeded is ignored", () => {
    expect(
      transition(task("succeeded", 1), phase({ phase: "failed", error: { code: "api_error", message: "x" } }), now),
    ).toBeNull();
  });

  it("a succeeded after failed is ignored", () => {
    expect(transition(task("failed", 1), phase(succeeded), now)).toBeNull();
  });

  it("a duplicate succeeded is ignored (no second set of videos)", () => {
    expect(transition(task("succeeded", 1), phase(succeeded), now)).toBeNull();
  });

  it("a duplicate failed is ignored", () => {
    expect(
      transition(task("failed", 1), phase({ phase: "failed", error: { code: "api_error", message: "x" } }), now),
    ).toBeNull();
  });
});

describe("transition: submit_failed", () => {
  it("a retryable failure keeps the task queued, counts the attempt and schedules a retry after Retry-After", () => {
    const failure = mapUpstreamError(
      429,
      { success: false, error: { code: "too_many_requests", message: "slow down" } },
      "3",
    );
    expect(failure.upstream.retryable).toBe(true);
    const next = transition(task("queued", 0), { kind: "submit_failed", failure }, now);
    expectMove(next, "queued", {
      state: "queued",
      attempts: 1,
      error_code: failure.code,
      error_message: failure.message,
    });
    expect(next?.patch.finished_at).toBeUndefined();
    const retryAt = Date.parse(String(next?.patch.next_attempt_at));
    expect(retryAt).toBeGreaterThanOrEqual(now.getTime() + 3_000);
    expect(retryAt).toBe(now.getTime() + submitBackoffMs(1, 3));
  });

  it("a non-retryable failure fails the task with the mapped code and message", () => {
    const failure = mapUpstreamError(403, { error: { code: "used_up", message: "x" } });
    expect(failure.upstream.retryable).toBe(false);
    const next = transition(task("queued", 0), { kind: "submit_failed", failure }, now);
    expectMove(next, "failed", {
      state: "failed",
      attempts: 1,
      next_attempt_at: null,
      finished_at: at,
      error_code: "insufficient_balance",
      error_message: failure.message,
    });
  });

  it("a retryable failure on the last allowed attempt gives up", () => {
    const failure = mapUpstreamError(503, { error: { code: "api_error", message: "maintenance" } });
    expect(failure.upstream.retryable).toBe(true);
    const next = transition(task("queued", SUBMIT_MAX_ATTEMPTS - 1), { kind: "submit_failed", failure }, now);
    expect(next?.state).toBe("failed");
    expect(next?.patch.attempts).toBe(SUBMIT_MAX_ATTEMPTS);
    expect(next?.patch.error_message).toMatch(/^Gave up/);
    expect(next?.patch.error_message).toContain(String(SUBMIT_MAX_ATTEMPTS));
    expect(next?.patch.error_message).toContain("AceData is temporarily unavailable");
    expect(next?.patch.error_message).not.toContain("will retry"); // no promise that will not be kept
  });

  it("a retryable failure one attempt earlier still retries", () => {
    const failure = mapUpstreamError(503, { error: { code: "api_error", message: "maintenance" } });
    const next = transition(task("queued", SUBMIT_MAX_ATTEMPTS - 2), { kind: "submit_failed", failure }, now);
    expect(next?.state).toBe("queued");
  });

  it("is ignored once the task has left the queue", () => {
    const failure = mapUpstreamError(500, { error: "boom" });
    for (const state of ALL_STATES.filter((s) => s !== "queued")) {
      expect(transition(task(state, 1), { kind: "submit_failed", failure }, now)).toBeNull();
    }
  });
});

describe("transition: deadline", () => {
  it.each(["queued", "submitted", "processing"] as const)("fails a %s task with deadline_exceeded", (state) => {
    const next = transition(task(state, 1), { kind: "deadline", minutes: 30 }, now);
    expectMove(next, "failed", { state: "failed", error_code: "deadline_exceeded", finished_at: at });
    expect(next?.patch.error_message).toContain("30 minutes");
  });

  it.each(["succeeded", "failed"] as const)("leaves a %s task alone", (state) => {
    expect(transition(task(state, 1), { kind: "deadline", minutes: 30 }, now)).toBeNull();
  });
});

describe("submitBackoffMs", () => {
  it("grows with the attempts", () => {
    const delays = [1, 2, 3, 4].map((n) => submitBackoffMs(n));
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1] as number);
    expect(submitBackoffMs(1)).toBeGreaterThan(0);
  });

  it("is capped at 60 s", () => {
    for (let n = 1; n <= 50; n++) expect(submitBackoffMs(n)).toBeLessThanOrEqual(60_000);
    expect(submitBackoffMs(SUBMIT_MAX_ATTEMPTS)).toBe(60_000);
    expect(submitBackoffMs(50)).toBe(60_000);
  });

  it("honours retryAfterS when it is longer than the backoff", () => {
    expect(submitBackoffMs(1, 30)).toBe(30_000);
    expect(submitBackoffMs(1, 90)).toBe(90_000);
  });

  it("keeps the backoff when retryAfterS is shorter", () => {
    expect(submitBackoffMs(4, 1)).toBe(submitBackoffMs(4));
  });
});

describe("transition: adopted (a lost create answer proven by a callback)", () => {
  const adopted: Update = { kind: "adopted", upstreamTaskId: "up-9", traceId: "tr-9" };

  it("revives a task failed only because its submission's outcome was unknown", () => {
    const next = transition({ state: "failed", attempts: 1, errorCode: "submit_outcome_unknown" }, adopted, now);
    expectMove(next, "submitted", {
      upstream_task_id: "up-9",
      trace_id: "tr-9",
      finished_at: null,
      error_code: null,
      error_message: null,
    });
  });

  it("adopts into a queued task whose create answer has not been stored yet", () => {
    expect(transition({ state: "queued", attempts: 0 }, adopted, now)?.state).toBe("submitted");
  });

  it.each(["deadline_exceeded", "forbidden", "upstream_auth_failed", null])(
    "never revives a task that failed for another reason (%s)",
    (errorCode) => {
      expect(transition({ state: "failed", attempts: 1, errorCode }, adopted, now)).toBeNull();
    },
  );

  it.each(["submitted", "processing", "succeeded"] as const)("ignores an adoption of a %s task", (state) => {
    expect(transition(task(state, 1), adopted, now)).toBeNull();
  });
});

describe("transition: lost (AceData denies the task exists)", () => {
  it.each(["submitted", "processing"] as const)("fails a %s task with upstream_task_missing", (state) => {
    const next = transition(task(state, 1), { kind: "lost", detail: "no task with id x" }, now);
    expect(next?.patch).toMatchObject({ state: "failed", error_code: "upstream_task_missing", finished_at: at });
    expect(next?.patch.error_message).toContain("no task with id x");
  });

  it.each(["succeeded", "failed"] as const)("leaves a %s task alone", (state) => {
    expect(transition(task(state, 1), { kind: "lost", detail: "x" }, now)).toBeNull();
  });
});

describe("transition: any order of updates", () => {
  // Every permutation of a task's possible poll/callback updates ends in the same state, and a
  // finished task is never moved by a later update.
  const updates: Update[] = [
    phase({ phase: "processing" }),
    phase(succeeded),
    phase({ phase: "pending" }),
    phase({ phase: "processing" }),
  ];
  const permutations = (list: Update[]): Update[][] =>
    list.length <= 1
      ? [list]
      : list.flatMap((u, i) => permutations([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [u, ...rest]));

  it("always ends succeeded, with videos written exactly once", () => {
    for (const order of permutations(updates)) {
      let current = task("submitted", 1);
      let videoWrites = 0;
      for (const update of order) {
        const next = transition(current, update, now);
        if (next) {
          current = { state: next.state, attempts: current.attempts };
          if (next.videos.length > 0) videoWrites++;
        }
      }
      expect(current.state).toBe("succeeded");
      expect(videoWrites).toBe(1);
    }
  });
});

describe("transition: a success after the studio gave up", () => {
  it.each(["deadline_exceeded", "upstream_task_missing"])(
    "a confirmed success overrides a local %s failure, videos and all",
    (errorCode) => {
      const next = transition({ state: "failed", attempts: 1, errorCode }, phase(succeeded), now);
      expectMove(next, "succeeded", { state: "succeeded", error_code: null, error_message: null, finished_at: at });
      expect(next?.videos).toHaveLength(2);
    },
  );

  it.each(["forbidden", "submit_outcome_unknown", "upstream_auth_failed"])(
    "never overrides a %s failure",
    (errorCode) => {
      expect(transition({ state: "failed", attempts: 1, errorCode }, phase(succeeded), now)).toBeNull();
    },
  );

  it("a late processing or failure report leaves the local give-up as it is", () => {
    const gaveUp = { state: "failed" as const, attempts: 1, errorCode: "deadline_exceeded" };
    expect(transition(gaveUp, phase({ phase: "processing" }), now)).toBeNull();
    expect(transition(gaveUp, phase({ phase: "failed", error: { code: "timeout", message: "x" } }), now)).toBeNull();
  });
});

describe("transition: claim_expired (the submitter died mid-call)", () => {
  it("ends a queued task as outcome unknown, never queued for another attempt", () => {
    const next = transition(task("queued", 1), { kind: "claim_expired" }, now);
    expect(next?.patch).toMatchObject({
      state: "failed",
      error_code: "submit_outcome_unknown",
      claimed_until: null,
      next_attempt_at: null,
    });
    expect(next?.patch).not.toHaveProperty("callback_secret_hash"); // its callback can still adopt it
  });
  it.each(["submitted", "processing", "succeeded", "failed"] as const)("ignores a %s task", (state) => {
    expect(transition(task(state, 1), { kind: "claim_expired" }, now)).toBeNull();
  });
});
