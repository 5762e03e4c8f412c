import "server-only";
import type { Task } from "@/lib/schemas/task";
import { processSingleton } from "@/lib/shared/process-singleton";
import { db } from ".";
import { env } from "../platform/env";
import { log } from "../platform/log";
import { onChanges } from "./changes";
import { eventBounds, listEventsAfter, type TaskEventRecord } from "./task-events-repo";
import { findTasks } from "./tasks-repo";

// Task changes for /api/events. Every change writes one `task_events` row in the same
// transaction as the change itself (changes.ts), so the feed is the database's own record:
// each change is emitted once, in order, with a growing id a browser can resume from.
// A committed change wakes the feed (onChanges): this process's at once, and on Postgres the
// other instances' by NOTIFY (each listens on its own session, pg-session.ts),
// so a browser connected to any instance sees a change made on any other at once. A slow sweep
// catches anything missed (a notice lost while a session reconnected, or a second process on
// one SQLite file).

export type TaskEvent = { seq: number; kind: "changed"; task: Task } | { seq: number; kind: "deleted"; taskId: string };
type Listener = (events: TaskEvent[]) => void;

const PAGE = 500;

class TaskEventHub {
  private readonly listeners = new Set<Listener>();
  private lastSeq: number | undefined;
  private pumping = false;
  private pumpAgain = false;
  private sweep: NodeJS.Timeout | undefined;

  constructor() {
    onChanges((topic) => {
      if (topic === "tasks" && this.listeners.size > 0) void this.pump();
    });
  }

  /** The id of the newest event already handed to listeners (read afresh while nobody listens). */
  async head(): Promise<number> {
    if (this.lastSeq === undefined || this.listeners.size === 0) {
      const { newest } = await eventBounds(await db());
      this.lastSeq = newest;
      return newest;
    }
    return this.lastSeq;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    this.sweep ??= setInterval(() => void this.pump(), env().EVENTS_SWEEP_MS).unref();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.sweep) {
        clearInterval(this.sweep);
        this.sweep = undefined;
      }
    };
  }

  /**
   * The events after `afterSeq` for a reconnecting browser, a page at a time (so a long absence
   * is never held in memory whole), or "gone" when they were pruned.
   */
  async replay(afterSeq: number): Promise<AsyncGenerator<TaskEvent[]> | "gone"> {
    const database = await db();
    const { oldest, newest } = await eventBounds(database);
    if (afterSeq > newest) return "gone"; // an id from another database (a reset studio)
    if (afterSeq < oldest - 1) return "gone";
    return (async function* pages() {
      for (let from = afterSeq; ; ) {
        const rows = await listEventsAfter(database, from, PAGE);
        if (rows.length > 0) yield await resolve(rows);
        const last = rows.at(-1);
        if (!last || rows.length < PAGE) return;
        from = last.seq;
      }
    })();
  }

  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      let from = await this.head();
      for (;;) {
        this.pumpAgain = false;
        const rows = await listEventsAfter(await db(), from, PAGE);
        const last = rows.at(-1);
        if (last) {
          const events = await resolve(rows);
          from = last.seq;
          this.lastSeq = from;
          for (const listener of this.listeners) listener(events);
        }
        if (rows.length < PAGE && !this.pumpAgain) break;
      }
    } catch (error) {
      log.warn("event feed could not read changes", { error: error instanceof Error ? error.message : String(error) });
    } finally {
      this.pumping = false;
    }
  }
}

/** One event per task (its latest), with the task as it is now; deleted tasks as deletions. */
async function resolve(rows: TaskEventRecord[]): Promise<TaskEvent[]> {
  const latest = new Map<string, TaskEventRecord>();
  for (const row of rows) {
    latest.delete(row.taskId); // keep the order of each task's last change
    latest.set(row.taskId, row);
  }
  const changedIds = [...latest.values()].filter((e) => e.kind === "changed").map((e) => e.taskId);
  const tasks = new Map((await findTasks(await db(), changedIds)).map((t) => [t.id, t]));
  const out: TaskEvent[] = [];
  for (const event of latest.values()) {
    const task = tasks.get(event.taskId);
    if (event.kind === "deleted" || !task) out.push({ seq: event.seq, kind: "deleted", taskId: event.taskId });
    else out.push({ seq: event.seq, kind: "changed", task });
  }
  return out;
}

export function taskEvents(): TaskEventHub {
  return processSingleton("task-events", () => new TaskEventHub());
}
