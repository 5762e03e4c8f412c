import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EVERY_TICK, type Job, type Scheduler, startScheduler } from "@/lib/server/jobs/scheduler";
import type { Env } from "@/lib/server/platform/env";

// The worker's scheduler with fake jobs on fake timers: each job at its interval, never two
// runs of one job at once, a failure logged by name without stopping the rest, and the
// leader's jobs only while this process leads.

const TICK = 1_000;
const T0 = new Date("2026-12-03T12:00:00Z").getTime();

/** A promise to resolve by hand, for a job that takes as long as a test wants. */
function gate() {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe("the job scheduler", () => {
  let scheduler: Scheduler | undefined;
  let leading: boolean;
  let errors: { msg: string; fields: Record<string, unknown> }[];
  const since = () => Date.now() - T0;

  function start(jobs: Job[], env: Partial<Env> = {}) {
    scheduler = startScheduler({
      jobs,
      tickMs: TICK,
      env: env as Env,
      lead: async () => leading,
      logError: (msg, fields) => errors.push({ msg, fields }),
    });
  }
  /** A job that records when (ms since T0) each of its runs started. */
  function recorder(name: string, intervalMs: Job["intervalMs"], leaderOnly = false) {
    const starts: number[] = [];
    const job: Job = { name, intervalMs, leaderOnly, run: async () => void starts.push(since()) };
    return { job, starts };
  }
  /** A job whose every run lasts until `finish()` settles, recording when each started and the most at once. */
  function slowJob(job: Omit<Job, "run">, finish: () => Promise<unknown>) {
    let active = 0;
    const seen = { starts: [] as number[], most: 0 };
    const run = async () => {
      seen.starts.push(since());
      active++;
      seen.most = Math.max(seen.most, active);
      await finish();
      active--;
    };
    return { job: { ...job, run }, seen };
  }

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    leading = true;
    errors = [];
  });
  afterEach(() => {
    scheduler?.stop();
    scheduler = undefined;
    vi.useRealTimers();
  });

  it("runs a job first on the first tick, then once each interval", async () => {
    const every = recorder("every-tick", EVERY_TICK);
    const fiveSeconds = recorder("five-seconds", 5_000);
    const fromEnv = recorder("from-env", (env) => env.POLL_INTERVAL_MS);
    start([every.job, fiveSeconds.job, fromEnv.job], { POLL_INTERVAL_MS: 3_000 });

    await vi.advanceTimersByTimeAsync(TICK - 1);
    expect(every.starts).toEqual([]);
    await vi.advanceTimersByTimeAsync(12_000 - (TICK - 1));
    expect(every.starts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((s) => s * 1_000));
    expect(fiveSeconds.starts).toEqual([1_000, 6_000, 11_000]);
    expect(fromEnv.starts).toEqual([1_000, 4_000, 7_000, 10_000]);
    expect(errors).toEqual([]);
  });

  it("runs the jobs of a tick in table order, each after the one before has finished", async () => {
    const order: string[] = [];
    const step = (name: string, leaderOnly: boolean, ms = 0): Job => ({
      name,
      intervalMs: EVERY_TICK,
      leaderOnly,
      run: async () => {
        order.push(`${name}:start`);
        if (ms) await new Promise((resolve) => setTimeout(resolve, ms));
        order.push(`${name}:end`);
      },
    });
    start([step("everywhere", false), step("first", true, 100), step("second", true), step("third", true)]);
    await vi.advanceTimersByTimeAsync(TICK + 100);
    expect(order).toEqual([
      "everywhere:start",
      "everywhere:end",
      "first:start",
      "first:end",
      "second:start",
      "second:end",
      "third:start",
      "third:end",
    ]);
  });

  it("does not start a detached job again while it still runs, and runs it at its next tick after", async () => {
    let current = gate();
    const slow = slowJob(
      { name: "slow", intervalMs: EVERY_TICK, leaderOnly: true, detached: true },
      () => current.promise,
    );
    const { starts } = slow.seen;
    const quick = recorder("quick", EVERY_TICK, true);
    start([slow.job, quick.job]);

    await vi.advanceTimersByTimeAsync(5_000);
    // Ticks go on (the detached job does not hold them up), but the slow job started once.
    expect(quick.starts).toEqual([1_000, 2_000, 3_000, 4_000, 5_000]);
    expect(starts).toEqual([1_000]);
    const first = current;
    current = gate();
    first.open();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(starts).toEqual([1_000, 6_000]);
    current.open();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(starts).toEqual([1_000, 6_000, 7_000, 8_000]);
    expect(slow.seen.most).toBe(1);
  });

  it("waits for a slow awaited job before the next tick, so it never runs twice at once either", async () => {
    const slow = slowJob(
      { name: "slow", intervalMs: EVERY_TICK, leaderOnly: false },
      () => new Promise((resolve) => setTimeout(resolve, 2_500)),
    );
    start([slow.job]);
    await vi.advanceTimersByTimeAsync(10_000);
    // The next tick is a tick after the end of the last: 1000, then 1000 + 2500 + 1000, …
    expect(slow.seen.starts).toEqual([1_000, 4_500, 8_000]);
    expect(slow.seen.most).toBe(1);
  });

  it("logs a failing job under its name and goes on with the others, that tick and the next", async () => {
    const before = recorder("before", EVERY_TICK, true);
    const after = recorder("after", EVERY_TICK, true);
    const detachedAfter = recorder("detached-after", EVERY_TICK, true);
    detachedAfter.job.detached = true;
    const broken: Job = {
      name: "broken-job",
      intervalMs: EVERY_TICK,
      leaderOnly: true,
      run: async () => {
        throw new Error("disk on fire");
      },
    };
    const brokenDetached: Job = {
      name: "broken-detached",
      intervalMs: EVERY_TICK,
      leaderOnly: true,
      detached: true,
      run: () => Promise.reject(new Error("ffmpeg missing")),
    };
    const throwsAtOnce: Job = {
      name: "throws-at-once",
      intervalMs: EVERY_TICK,
      leaderOnly: true,
      run: () => {
        throw new Error("not even a promise");
      },
    };
    start([before.job, broken, brokenDetached, throwsAtOnce, after.job, detachedAfter.job]);

    await vi.advanceTimersByTimeAsync(2_000);
    expect(before.starts).toEqual([1_000, 2_000]);
    expect(after.starts).toEqual([1_000, 2_000]);
    expect(detachedAfter.starts).toEqual([1_000, 2_000]);
    const failures = [
      { msg: "worker job failed", fields: { job: "broken-job", error: "disk on fire" } },
      { msg: "worker job failed", fields: { job: "broken-detached", error: "ffmpeg missing" } },
      { msg: "worker job failed", fields: { job: "throws-at-once", error: "not even a promise" } },
    ];
    // A detached job's failure is logged when it settles, so only the set is fixed, not the order.
    const byName = (list: typeof errors) =>
      [...list].sort((a, b) => String(a.fields.job).localeCompare(String(b.fields.job)));
    expect(byName(errors)).toEqual(byName([...failures, ...failures]));
  });

  it("waits a failed job's interval before trying it again", async () => {
    const starts: number[] = [];
    const flaky: Job = {
      name: "flaky",
      intervalMs: 5_000,
      leaderOnly: false,
      run: async () => {
        starts.push(since());
        throw new Error("nope");
      },
    };
    start([flaky]);
    await vi.advanceTimersByTimeAsync(7_000);
    expect(starts).toEqual([1_000, 6_000]);
    expect(errors.map((e) => e.fields.job)).toEqual(["flaky", "flaky"]);
  });

  it("holds a job off until the time it asks for", async () => {
    const starts: number[] = [];
    const backoff: Job = {
      name: "backoff",
      intervalMs: EVERY_TICK,
      leaderOnly: true,
      run: async ({ now, holdOff }) => {
        starts.push(since());
        if (starts.length === 1) holdOff(now.getTime() + 3_500);
      },
    };
    start([backoff]);
    await vi.advanceTimersByTimeAsync(6_000);
    expect(starts).toEqual([1_000, 5_000, 6_000]);
  });

  it("passes notes from one job to a later one of the same tick, fresh each tick", async () => {
    type Notes = { seen: number };
    const read: (number | undefined)[] = [];
    let tick = 0;
    const jobs: Job<Notes>[] = [
      {
        name: "writer",
        intervalMs: EVERY_TICK,
        leaderOnly: true,
        run: async ({ notes }) => {
          tick++;
          // Only on odd ticks: an even tick's reader must not see the last tick's note.
          if (tick % 2 === 1) notes.seen = tick;
        },
      },
      {
        name: "reader",
        intervalMs: EVERY_TICK,
        leaderOnly: true,
        run: async ({ notes }) => void read.push(notes.seen),
      },
    ];
    scheduler = startScheduler({
      jobs,
      tickMs: TICK,
      env: {} as Env,
      lead: async () => true,
      logError: () => {},
    });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(read).toEqual([1, undefined, 3]);
  });

  it("runs leader-only jobs only while this process leads, and the others always", async () => {
    const everywhere = recorder("everywhere", EVERY_TICK, false);
    const leaderTick = recorder("leader-tick", EVERY_TICK, true);
    const leaderSlow = recorder("leader-ten-seconds", 10_000, true);
    leading = false;
    start([everywhere.job, leaderTick.job, leaderSlow.job]);

    await vi.advanceTimersByTimeAsync(3_000);
    expect(everywhere.starts).toEqual([1_000, 2_000, 3_000]);
    expect(leaderTick.starts).toEqual([]);
    expect(leaderSlow.starts).toEqual([]);

    leading = true;
    await vi.advanceTimersByTimeAsync(2_000);
    // A leader-only job never run before is due on the first tick this process leads.
    expect(leaderTick.starts).toEqual([4_000, 5_000]);
    expect(leaderSlow.starts).toEqual([4_000]);

    leading = false;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(leaderTick.starts).toEqual([4_000, 5_000]);
    expect(everywhere.starts).toEqual([1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000]);
  });

  it("treats a failed lock check as not leading, logs it, and keeps ticking", async () => {
    const everywhere = recorder("everywhere", EVERY_TICK, false);
    const leader = recorder("leader", EVERY_TICK, true);
    let checks = 0;
    scheduler = startScheduler({
      jobs: [everywhere.job, leader.job],
      tickMs: TICK,
      env: {} as Env,
      lead: async () => {
        checks++;
        if (checks === 2) throw new Error("database gone");
        return true;
      },
      logError: (msg, fields) => errors.push({ msg, fields }),
    });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(everywhere.starts).toEqual([1_000, 2_000, 3_000]);
    expect(leader.starts).toEqual([1_000, 3_000]);
    expect(errors).toEqual([{ msg: "worker lock check failed", fields: { error: "database gone" } }]);
  });

  it("starts no tick after stop", async () => {
    const every = recorder("every", EVERY_TICK);
    start([every.job]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(every.starts).toEqual([1_000, 2_000]);
    scheduler?.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(every.starts).toEqual([1_000, 2_000]);
  });
});
