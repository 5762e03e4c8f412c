import type { TaskChange } from "@/lib/query/events";
import type { BoardView } from "@/lib/schemas/board";

/** How far apart the clocks of the instances that make tasks and read boards may be. */
export const CLOCK_SLACK_MS = 30_000;

/**
 * What a task change means to an open board: a take's new state replaces it in place
 * (`update`); a task the board does not know is read for (`refetch`) only when it was made after,
 * or just before, the board was read (a waiting shot just started, or a take asked for in another
 * tab or on another instance); a deleted take or a reset feed re-reads too. Anything else, such
 * as the rest of a busy team's traffic, leaves the board alone (`ignore`).
 */
export function boardTaskChange(
  view: BoardView | undefined,
  change: TaskChange,
): { kind: "update"; view: BoardView } | { kind: "refetch" } | { kind: "ignore" } {
  if (!view || change.kind === "reset") return { kind: "refetch" };
  const taskId = change.kind === "task" ? change.task.id : change.id;
  const shot = Object.entries(view.takes).find(([, takes]) => takes.some((t) => t.id === taskId))?.[0];
  if (shot === undefined) {
    const mayBeNewTake =
      change.kind === "task" &&
      change.task.origin === "studio" &&
      Date.parse(change.task.createdAt) > Date.parse(view.readAt) - CLOCK_SLACK_MS;
    return mayBeNewTake ? { kind: "refetch" } : { kind: "ignore" };
  }
  if (change.kind !== "task") return { kind: "refetch" };
  // An older state arriving late never replaces a newer one.
  const takes = (view.takes[shot] ?? []).map((t) =>
    t.id === taskId && t.updatedAt <= change.task.updatedAt ? change.task : t,
  );
  return { kind: "update", view: { ...view, takes: { ...view.takes, [shot]: takes } } };
}
