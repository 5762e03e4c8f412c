import "server-only";
import { PostgresAdapter, sql, type Kysely, type Transaction } from "kysely";
import { processSingleton } from "@/lib/shared/process-singleton";
import { log } from "../platform/log";
import { TASK_EVENTS_CHANNEL } from "./pg-session";
import type { Database } from "./schema";
import { logEvent } from "./task-events-repo";

// The one way a task changes. `changeTasks` runs a change in a transaction, writes an event row
// for each task the change names in that same transaction, and announces it after the commit:
// to this process's change feed at once, and on Postgres to every other instance (NOTIFY). No
// writer announces by hand, so a change is never visible without its event, nor announced
// before it is visible, nor announced when it rolled back.

type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

/** What a change did, said inside its transaction: each call is one row of the event log. */
export type TaskChangeLog = {
  changed(taskId: string, at: string): Promise<void>;
  deleted(taskId: string, at: string): Promise<void>;
};

export async function changeTasks<T>(db: Db, change: (trx: Trx, events: TaskChangeLog) => Promise<T>): Promise<T> {
  // The announcement must follow the commit, so the change must own its transaction.
  if (db.isTransaction) throw new Error("changeTasks opens its own transaction; pass it the database");
  let logged = 0;
  const result = await db.transaction().execute((trx) =>
    change(trx, {
      async changed(taskId, at) {
        await logEvent(trx, taskId, "changed", at);
        logged++;
      },
      async deleted(taskId, at) {
        await logEvent(trx, taskId, "deleted", at);
        logged++;
      },
    }),
  );
  if (logged > 0) announce(db);
  return result;
}

type Announcer = { listeners: Set<() => void>; noticePending: boolean };
const announcer = () =>
  processSingleton<Announcer>("task-change-announcer", () => ({ listeners: new Set(), noticePending: false }));

/** Calls `listener` after each committed change of this process; returns the unsubscribe. */
export function onTaskChanges(listener: () => void): () => void {
  const { listeners } = announcer();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function announce(db: Db): void {
  const state = announcer();
  for (const listener of state.listeners) listener();
  if (!(db.getExecutor().adapter instanceof PostgresAdapter) || state.noticePending) return;
  // One notice for a burst of changes: the other instances read every new event anyway.
  state.noticePending = true;
  queueMicrotask(() => {
    state.noticePending = false;
    sql`select pg_notify(${TASK_EVENTS_CHANNEL}, current_schema())`.execute(db).catch((error: unknown) =>
      log.warn("could not tell other instances about a change", {
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  });
}
