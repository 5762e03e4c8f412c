import type { Task } from "@/lib/schemas/task";

// How long a task spent waiting in the studio's queue, rendering upstream, and in all. A phase
// still under way counts up to `now`; a phase that never happened (a task that failed before
// it was submitted has no rendering time) is null, not zero.

export type Timings = { queuedMs: number | null; runningMs: number | null; totalMs: number };

export function taskTimings(task: Pick<Task, "createdAt" | "submittedAt" | "finishedAt">, now: number): Timings {
  const created = Date.parse(task.createdAt);
  const submitted = task.submittedAt === null ? null : Date.parse(task.submittedAt);
  const finished = task.finishedAt === null ? null : Date.parse(task.finishedAt);
  const end = finished ?? now;
  return {
    queuedMs: Math.max(0, (submitted ?? end) - created),
    runningMs: submitted === null ? null : Math.max(0, end - submitted),
    totalMs: Math.max(0, end - created),
  };
}
