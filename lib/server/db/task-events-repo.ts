import "server-only";
import { PostgresAdapter, sql, type Kysely } from "kysely";
import type { Database } from "./schema";

// The task event log behind /api/events: one row per change of a task, written in the
// change's own transaction (task-changes.ts), read by the change feed (change-feed.ts).

type Db = Kysely<Database>;

/** Any fixed number: the advisory lock that orders event writers on Postgres. */
const EVENT_LOG_LOCK = 741_352_901;

/**
 * Every change to a task leaves one row here, in the same transaction: the SSE feed replays from
 * it by `seq`. On Postgres two transactions could commit their seqs out of order, and a reader
 * that already moved past the later one would skip the earlier for good; a transaction-scoped
 * lock makes event writers commit in seq order. (SQLite has one writer at a time anyway.)
 */
export async function logEvent(db: Db, taskId: string, kind: "changed" | "deleted", at: string) {
  if (db.getExecutor().adapter instanceof PostgresAdapter)
    await sql`select pg_advisory_xact_lock(${EVENT_LOG_LOCK})`.execute(db);
  await db.insertInto("task_events").values({ task_id: taskId, kind, created_at: at }).execute();
}

export type TaskEventRecord = { seq: number; taskId: string; kind: "changed" | "deleted" };

/** Events after `afterSeq`, oldest first. */
export async function listEventsAfter(db: Db, afterSeq: number, limit: number): Promise<TaskEventRecord[]> {
  const rows = await db
    .selectFrom("task_events")
    .selectAll()
    .where("seq", ">", afterSeq)
    .orderBy("seq", "asc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    taskId: r.task_id,
    kind: r.kind === "deleted" ? "deleted" : "changed",
  }));
}

/** The newest and the oldest event kept (0 when there are none). */
export async function eventBounds(db: Db): Promise<{ newest: number; oldest: number }> {
  const row = await db
    .selectFrom("task_events")
    .select((eb) => [eb.fn.max("seq").as("newest"), eb.fn.min("seq").as("oldest")])
    .executeTakeFirst();
  return { newest: Number(row?.newest ?? 0), oldest: Number(row?.oldest ?? 0) };
}

/** Forgets events older than `before`; a browser away longer than that reloads its list instead. */
export async function pruneEvents(db: Db, before: string): Promise<void> {
  await db.deleteFrom("task_events").where("created_at", "<", before).execute();
}
