// When the one poller asks upstream again. Pure functions of time, so the worker and the
// benchmark (which runs them on a simulated clock) share exactly the same decisions.
//
// - A task is due again `interval(age)` after it was last asked about: young tasks often,
//   old ones less (min → max over `rampMs`), since a Sora render takes minutes.
// - Once a genuine callback has arrived, callbacks are known to reach us: a task that carries a
//   callback URL and has been seen rendering is then only polled every `callbackMs`, as a safety
//   net (the jump after a callback). Until it renders it is polled as usual, so the gallery still
//   shows it move from submitted to rendering; its end comes by callback.
// - A round asks about every unfinished task in one `retrieve_batch`, so tasks that are not yet
//   due ride along for free; the round happens when the earliest task is due.
// - Nothing unfinished: no round at all, ever.

import { backoffMs } from "@/lib/shared/backoff";

export type PollSettings = { minMs: number; maxMs: number; rampMs: number; callbackMs: number };
export type PolledTask = { sinceMs: number; lastPolledMs: number | null; hasCallback: boolean; rendering: boolean };

export function pollIntervalMs(ageMs: number, s: PollSettings, relyOnCallback = false): number {
  if (relyOnCallback) return Math.max(s.callbackMs, s.minMs);
  const max = Math.max(s.maxMs, s.minMs);
  const share = s.rampMs > 0 ? Math.min(1, Math.max(0, ageMs) / s.rampMs) : 1;
  return Math.round(s.minMs + (max - s.minMs) * share);
}

export function taskDueMs(task: PolledTask, s: PollSettings, callbacksWork: boolean): number {
  const last = task.lastPolledMs ?? task.sinceMs;
  return last + pollIntervalMs(last - task.sinceMs, s, callbacksWork && task.hasCallback && task.rendering);
}

/** When the next round should run, or null when nothing is unfinished (no upstream call at all). */
export function nextRoundMs(tasks: readonly PolledTask[], s: PollSettings, callbacksWork: boolean): number | null {
  let next: number | null = null;
  for (const task of tasks) {
    const due = taskDueMs(task, s, callbacksWork);
    if (next === null || due < next) next = due;
  }
  return next;
}

/** How long to hold off after `failures` failed rounds in a row (429/5xx/network), at least Retry-After. */
export function failureBackoffMs(failures: number, s: PollSettings, retryAfterS?: number): number {
  return Math.max(backoffMs(failures, s.minMs * 2, Math.max(s.maxMs, s.minMs) * 4), (retryAfterS ?? 0) * 1000);
}
