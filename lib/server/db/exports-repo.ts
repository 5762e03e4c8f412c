import "server-only";
import type { Kysely } from "kysely";
import { type ChangeLog, writeChanges } from "./changes";
import type { BoardExportRow, Database } from "./schema";

// Film export jobs. A job is claimed by one renderer at a time (a conditional update), keeps a
// lease while it renders, and is claimed again once that lease runs out (its renderer died).
// Every write says so (writeChanges), so the export's progress stream wakes after the commit.

type Db = Kysely<Database>;

export async function insertExport(db: Db, row: BoardExportRow): Promise<void> {
  await writeChanges(db, async (trx, log) => {
    await trx.insertInto("board_exports").values(row).execute();
    log.exportChanged(row.id);
  });
}

/** Runs one conditional update of a job and says it changed when it did. */
async function updateExport(
  db: Db,
  id: string,
  update: (trx: Db) => Promise<{ numUpdatedRows: bigint }>,
): Promise<boolean> {
  return writeChanges(db, async (trx, log) => {
    const updated = Number((await update(trx)).numUpdatedRows) === 1;
    if (updated) log.exportChanged(id);
    return updated;
  });
}

/** A job with the id of its finished film's video (null until it has one). */
export type ExportWithVideo = BoardExportRow & { video_id: string | null };

// One query for a job and its film's video: the export's progress stream reads it several times a second.
const withVideo = (db: Db) =>
  db
    .selectFrom("board_exports")
    .leftJoin("videos", (join) =>
      join.onRef("videos.task_id", "=", "board_exports.task_id").on("videos.position", "=", 0),
    )
    .selectAll("board_exports")
    .select("videos.id as video_id");

export async function findExport(db: Db, id: string): Promise<ExportWithVideo | undefined> {
  return withVideo(db).where("board_exports.id", "=", id).executeTakeFirst();
}

export async function exportsOf(db: Db, boardId: string, limit: number): Promise<ExportWithVideo[]> {
  return withVideo(db)
    .where("board_exports.board_id", "=", boardId)
    .orderBy("board_exports.created_at", "desc")
    .orderBy("board_exports.id", "desc")
    .limit(limit)
    .execute();
}

export async function activeExportOf(db: Db, boardId: string): Promise<ExportWithVideo | undefined> {
  return withVideo(db)
    .where("board_exports.board_id", "=", boardId)
    .where("board_exports.state", "in", ["queued", "running"])
    .executeTakeFirst();
}

/** The next job to render: the oldest queued one, or a running one whose renderer stopped renewing its lease. */
export async function nextExport(db: Db, now: string): Promise<BoardExportRow | undefined> {
  return db
    .selectFrom("board_exports")
    .selectAll()
    .where((eb) =>
      eb.or([eb("state", "=", "queued"), eb.and([eb("state", "=", "running"), eb("lease_until", "<", now)])]),
    )
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirst();
}

/** Takes a job for rendering; false when another renderer took it first. */
export async function claimExport(db: Db, row: BoardExportRow, leaseUntil: string, now: string): Promise<boolean> {
  return updateExport(db, row.id, (trx) =>
    trx
      .updateTable("board_exports")
      .set({ state: "running", lease_until: leaseUntil, attempts: row.attempts + 1, progress: 0, updated_at: now })
      .where("id", "=", row.id)
      .where("state", "=", row.state)
      .where("attempts", "=", row.attempts)
      .executeTakeFirst(),
  );
}

/** Progress and a longer lease; false when the job is no longer this renderer's to run (cancelled). */
export async function renewExport(
  db: Db,
  id: string,
  attempt: number,
  progress: number,
  leaseUntil: string,
  now: string,
): Promise<boolean> {
  return updateExport(db, id, (trx) =>
    trx
      .updateTable("board_exports")
      .set({ progress, lease_until: leaseUntil, updated_at: now })
      .where("id", "=", id)
      .where("state", "=", "running")
      .where("attempts", "=", attempt)
      .executeTakeFirst(),
  );
}

/** Ends a job (failed, or cancelled) unless it already ended; true when this call ended it. */
export async function endExport(
  db: Db,
  id: string,
  state: "failed" | "cancelled",
  error: string | null,
  now: string,
  onlyAttempt?: number,
): Promise<boolean> {
  return updateExport(db, id, (trx) => {
    let query = trx
      .updateTable("board_exports")
      .set({ state, error, lease_until: null, updated_at: now, finished_at: now })
      .where("id", "=", id)
      .where("state", "in", ["queued", "running"]);
    if (onlyAttempt !== undefined) query = query.where("attempts", "=", onlyAttempt);
    return query.executeTakeFirst();
  });
}

/** Marks a job done with its gallery task, in the caller's transaction; false when it was cancelled meanwhile. */
export async function finishExport(
  db: Db,
  log: ChangeLog,
  id: string,
  attempt: number,
  taskId: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable("board_exports")
    .set({ state: "succeeded", progress: 1000, task_id: taskId, lease_until: null, updated_at: now, finished_at: now })
    .where("id", "=", id)
    .where("state", "=", "running")
    .where("attempts", "=", attempt)
    .executeTakeFirst();
  const finished = Number(result.numUpdatedRows) === 1;
  if (finished) log.exportChanged(id);
  return finished;
}
