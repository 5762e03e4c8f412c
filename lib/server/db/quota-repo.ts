import "server-only";
import { PostgresAdapter, sql, type Kysely } from "kysely";
import type { Database, UsageChargeRow } from "./schema";

// What quotas read and write: the ledger of charged seconds, and a lock
// per account that makes "check the quota, then store the tasks" one step across instances.

type Db = Kysely<Database>;

/**
 * Holds the account's quota lock until the transaction ends: Postgres serialises on an advisory
 * lock; SQLite has one writer at a time, and the studio's one connection runs one transaction at once.
 */
export async function lockAccountQuota(trx: Db, userId: string): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter)
    await sql`select pg_advisory_xact_lock(hashtext(${`quota:${userId}`}))`.execute(trx);
}

/**
 * Seconds charged since `monthStart` and since `dayStart`. A charge does not count once refunded,
 * or while its task failed before AceData accepted it (never sent, or refused at once); a task
 * whose create call's answer was lost may have been made upstream, so it counts.
 */
export async function chargedSeconds(
  db: Db,
  userId: string,
  dayStart: string,
  monthStart: string,
): Promise<{ today: number; month: number }> {
  const { rows } = await sql<{ today: number | string | null; month: number | string | null }>`
    select sum(case when c.created_at >= ${dayStart} then c.seconds else 0 end) as today, sum(c.seconds) as month
    from usage_charges c left join tasks t on t.id = c.task_id
    where c.user_id = ${userId} and c.created_at >= ${monthStart} and c.refunded_at is null
      and (t.id is null or not (t.state = 'failed' and t.upstream_task_id is null and coalesce(t.error_code, '') <> 'submit_outcome_unknown'))
  `.execute(db);
  return { today: Number(rows[0]?.today ?? 0), month: Number(rows[0]?.month ?? 0) };
}

/** The account's tasks not finished yet. */
export async function activeTaskCount(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom("tasks")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("owner_id", "=", userId)
    .where("state", "in", ["queued", "submitted", "processing"])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertCharges(db: Db, rows: UsageChargeRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto("usage_charges").values(rows).execute();
}

/** Gives a task's seconds back (it was deleted before AceData ever had it). */
export async function refundCharge(db: Db, taskId: string, now: string): Promise<void> {
  await db
    .updateTable("usage_charges")
    .set({ refunded_at: now })
    .where("task_id", "=", taskId)
    .where("refunded_at", "is", null)
    .execute();
}
