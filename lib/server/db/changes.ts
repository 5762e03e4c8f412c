import "server-only";
import { PostgresAdapter, sql, type Kysely, type Transaction } from "kysely";
import { processSingleton } from "@/lib/shared/process-singleton";
import { env } from "../platform/env";
import { log } from "../platform/log";
import { pgSession, TASK_EVENTS_CHANNEL, type Topic } from "./pg-session";
import type { Database } from "./schema";
import { logEvent } from "./task-events-repo";

// The one way the studio's live state changes. `writeChanges` runs a change in a transaction;
// the change says what it changed (a task, a film export), a task's event row is written in that
// same transaction, and after the commit the change is announced: to this process's listeners
// at once, and on Postgres to every other instance (NOTIFY). No writer announces by hand, so a
// change is never visible without its event, announced before it is visible, or announced when
// it rolled back. Readers (the task feed, an export's progress stream) wake on `onChanges`.

type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

/** What a change did, said inside its transaction. */
export type ChangeLog = {
  /** A task was made or changed: one row of the task event log. */
  changed(taskId: string, at: string): Promise<void>;
  /** A task was deleted: one row of the task event log. */
  deleted(taskId: string, at: string): Promise<void>;
  /** A film export's state or progress changed (its stream re-reads the whole export). */
  exportChanged(exportId: string): void;
};

export async function writeChanges<T>(db: Db, change: (trx: Trx, log: ChangeLog) => Promise<T>): Promise<T> {
  // The announcement must follow the commit, so the change must own its transaction.
  if (db.isTransaction) throw new Error("writeChanges opens its own transaction; pass it the database");
  const topics = new Set<Topic>();
  const result = await db.transaction().execute((trx) =>
    change(trx, {
      async changed(taskId, at) {
        await logEvent(trx, taskId, "changed", at);
        topics.add("tasks");
      },
      async deleted(taskId, at) {
        await logEvent(trx, taskId, "deleted", at);
        topics.add("tasks");
      },
      exportChanged(exportId) {
        topics.add(`export:${exportId}`);
      },
    }),
  );
  for (const topic of topics) announce(db, topic);
  return result;
}

type Listener = (topic: Topic) => void;
type Announcer = { listeners: Set<Listener>; pending: Set<Topic>; listening: boolean };
const announcer = () =>
  processSingleton<Announcer>("change-announcer", () => ({
    listeners: new Set(),
    pending: new Set(),
    listening: false,
  }));

/**
 * Calls `listener` for each committed change: this process's at once, other instances' as their
 * NOTIFY arrives (Postgres). Returns the unsubscribe.
 */
export function onChanges(listener: Listener): () => void {
  const state = announcer();
  state.listeners.add(listener);
  if (env().DATABASE_URL && !state.listening) {
    state.listening = true;
    pgSession()
      .listen((topic) => {
        for (const each of state.listeners) each(topic);
      })
      .catch((error: unknown) => {
        state.listening = false;
        log.warn("could not listen for other instances' changes; the sweep will catch them", {
          error: error instanceof Error ? error.message : String(error),
        });
      });
  }
  return () => state.listeners.delete(listener);
}

function announce(db: Db, topic: Topic): void {
  const state = announcer();
  for (const listener of state.listeners) listener(topic);
  if (!(db.getExecutor().adapter instanceof PostgresAdapter) || state.pending.has(topic)) return;
  // One notice per topic for a burst of changes: the other instances read the new state anyway.
  state.pending.add(topic);
  queueMicrotask(() => {
    state.pending.delete(topic);
    const payload = topic === "tasks" ? sql`current_schema()` : sql`current_schema() || ' ' || ${topic}`;
    sql`select pg_notify(${TASK_EVENTS_CHANNEL}, ${payload})`.execute(db).catch((error: unknown) =>
      log.warn("could not tell other instances about a change", {
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  });
}
