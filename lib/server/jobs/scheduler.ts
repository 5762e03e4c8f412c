import "server-only";
import type { Env } from "../platform/env";

// Runs a table of jobs on one timer. Kept free of the studio's own modules (env comes in as a
// value, the log as a function) so the unit tests can drive it with fake jobs and fake timers.
//
// One tick every `tickMs`, counted from the end of the previous one: a slow tick delays the
// next instead of piling ticks up. Within a tick the jobs run one after another in table
// order, each awaited, except a `detached` one, which is started and left to finish on its
// own. A job still running when it is due again (only a detached one can be) is skipped that
// tick, never started a second time. A job that throws is logged under its name and the tick
// goes on with the next one: one broken chore must not stop the others.

/** An interval of 0: the job is due on every tick. */
export const EVERY_TICK = 0;

export type JobContext<Notes extends object = object> = {
  /** When the tick started: every job of one tick sees the same instant. */
  now: Date;
  /** Written by one job for a later one in the same tick; empty at the start of each tick. */
  notes: Partial<Notes>;
  /** Keeps this job from running again before `atMs` (epoch ms): a backoff, or nothing to do for a while. */
  holdOff: (atMs: number) => void;
};

export type Job<Notes extends object = object> = {
  name: string;
  /** The least time from one start of the job to the next; read once, when the scheduler starts. */
  intervalMs: number | ((env: Env) => number);
  /** Runs only in the process that holds the worker lock (see worker.ts). */
  leaderOnly: boolean;
  /** Started without waiting for it, so a long job (a render, a disk sweep) never holds up the tick. */
  detached?: boolean;
  run: (ctx: JobContext<Notes>) => Promise<void>;
};

export type SchedulerLog = (msg: string, fields: Record<string, unknown>) => void;

export type SchedulerOptions<Notes extends object> = {
  jobs: readonly Job<Notes>[];
  tickMs: number;
  env: Env;
  /** Whether this process leads, asked once a tick; a throw counts as "not this tick". */
  lead: (now: Date) => Promise<boolean>;
  logError: SchedulerLog;
};

export type Scheduler = {
  /** No tick starts after this; jobs already running finish on their own. */
  stop: () => void;
};

type Slot<Notes extends object> = {
  job: Job<Notes>;
  intervalMs: number;
  /** Undefined until the first start: a job is due on the first tick it may run in. */
  startedAt: number | undefined;
  running: boolean;
  heldUntil: number;
};

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function startScheduler<Notes extends object>(options: SchedulerOptions<Notes>): Scheduler {
  const { tickMs, lead, logError } = options;
  const slots: Slot<Notes>[] = options.jobs.map((job) => ({
    job,
    intervalMs: typeof job.intervalMs === "function" ? job.intervalMs(options.env) : job.intervalMs,
    startedAt: undefined,
    running: false,
    heldUntil: 0,
  }));
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const due = (slot: Slot<Notes>, now: number) =>
    !slot.running && now >= slot.heldUntil && (slot.startedAt === undefined || now - slot.startedAt >= slot.intervalMs);

  const start = async (slot: Slot<Notes>, now: number, notes: Partial<Notes>) => {
    // Counted from the start, so a failing job waits its interval too instead of retrying each tick.
    slot.startedAt = now;
    slot.running = true;
    const ctx: JobContext<Notes> = {
      now: new Date(now),
      notes,
      holdOff: (atMs) => {
        slot.heldUntil = atMs;
      },
    };
    const settled = (async () => slot.job.run(ctx))()
      .catch((error) => logError("worker job failed", { job: slot.job.name, error: message(error) }))
      .finally(() => {
        slot.running = false;
      });
    if (!slot.job.detached) await settled;
  };

  const tick = async () => {
    const now = Date.now();
    const notes: Partial<Notes> = {};
    // The jobs of every process start before the leadership check, so a database slow to
    // answer for the lock never holds them up.
    for (const slot of slots) if (!slot.job.leaderOnly && due(slot, now)) await start(slot, now, notes);
    let leading = false;
    try {
      leading = await lead(new Date(now));
    } catch (error) {
      logError("worker lock check failed", { error: message(error) });
    }
    if (!leading) return;
    for (const slot of slots) if (slot.job.leaderOnly && due(slot, now)) await start(slot, now, notes);
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      // tick() catches every job's and the lock check's failure itself; this is the last resort.
      void tick()
        .catch((error) => logError("worker tick failed", { error: message(error) }))
        .finally(schedule);
    }, tickMs);
    // The worker never keeps a process alive on its own: shutdown is the server's business.
    timer.unref?.();
  };
  schedule();

  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
