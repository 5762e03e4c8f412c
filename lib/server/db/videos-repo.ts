import "server-only";
import type { Kysely, Updateable } from "kysely";
import type { Database, VideoRow } from "./schema";
import { writeChanges, type ChangeLog } from "./changes";

// The archive's queries on videos. Same portable Kysely subset as tasks-repo.ts; times are
// ISO-8601 text, so comparisons are lexical and read the same on SQLite and Postgres.

type Db = Kysely<Database>;

export type ArchiveCandidate = { id: string; source_url: string; expires_at: string | null; archive_attempts: number };

/**
 * Videos that still need a copy: not archived, retry time reached (or never tried), link not
 * expired. Videos without a known expiry stop after `maxAttemptsWithoutExpiry`.
 */
export async function listArchiveDue(
  db: Db,
  now: string,
  limit: number,
  options: { skip?: string[]; maxAttemptsWithoutExpiry: number },
): Promise<ArchiveCandidate[]> {
  let query = db
    .selectFrom("videos")
    .select(["id", "source_url", "expires_at", "archive_attempts"])
    .where("archived_at", "is", null)
    .where((eb) => eb.or([eb("archive_next_at", "is", null), eb("archive_next_at", "<=", now)]))
    .where((eb) =>
      eb.or([
        eb("expires_at", ">", now),
        eb.and([eb("expires_at", "is", null), eb("archive_attempts", "<", options.maxAttemptsWithoutExpiry)]),
      ]),
    );
  if (options.skip && options.skip.length > 0) query = query.where("id", "not in", options.skip);
  const rows = await query.orderBy("created_at", "asc").orderBy("id", "asc").limit(limit).execute();
  return rows.map((r) => ({ ...r, archive_attempts: Number(r.archive_attempts) }));
}

/**
 * Takes the right to archive a video until `until` by moving its retry time there. Only one
 * caller wins, across processes; a crashed holder's claim simply runs out.
 */
export async function claimArchive(db: Db, id: string, now: string, until: string): Promise<boolean> {
  const result = await db
    .updateTable("videos")
    .set({ archive_next_at: until })
    .where("id", "=", id)
    .where("archived_at", "is", null)
    .where((eb) => eb.or([eb("archive_next_at", "is", null), eb("archive_next_at", "<=", now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records a complete copy. False when the video is gone (its task was deleted meanwhile). */
export async function recordArchived(
  db: Db,
  id: string,
  copy: { key: string; size: number; sha256: string; contentType: string; at: string },
): Promise<boolean> {
  return updateVideoUntilSet(
    db,
    id,
    "archived_at",
    {
      archive_key: copy.key,
      archive_size: copy.size,
      archive_sha256: copy.sha256,
      archive_content_type: copy.contentType,
      archived_at: copy.at,
      archive_next_at: null,
      archive_error: null,
    },
    copy.at,
  );
}

/** Records a failed attempt and when the video is due again. */
export async function recordArchiveFailure(
  db: Db,
  id: string,
  failure: { attempts: number; error: string; nextAt: string | null; at: string },
): Promise<void> {
  await updateVideoUntilSet(
    db,
    id,
    "archived_at",
    { archive_attempts: failure.attempts, archive_error: failure.error, archive_next_at: failure.nextAt },
    failure.at,
  );
}

export type PosterCandidate = { id: string; archive_key: string };

/** Archived videos without a poster that have not failed too often yet, most recently archived first. */
export async function listPosterDue(
  db: Db,
  limit: number,
  options: { skip?: string[]; maxAttempts: number },
): Promise<PosterCandidate[]> {
  let query = db
    .selectFrom("videos")
    .select(["id", "archive_key"])
    .where("poster_key", "is", null)
    .where("archived_at", "is not", null)
    .where("archive_key", "is not", null)
    .where("poster_attempts", "<", options.maxAttempts);
  if (options.skip && options.skip.length > 0) query = query.where("id", "not in", options.skip);
  const rows = await query.orderBy("archived_at", "desc").orderBy("id", "desc").limit(limit).execute();
  return rows.map((r) => ({ id: r.id, archive_key: r.archive_key as string }));
}

/** Records a poster. False when the video is gone (its task was deleted meanwhile) or already has one. */
export async function recordPoster(
  db: Db,
  id: string,
  poster: { key: string; sha256: string; at: string },
): Promise<boolean> {
  return updateVideoUntilSet(
    db,
    id,
    "poster_key",
    { poster_key: poster.key, poster_sha256: poster.sha256, poster_at: poster.at },
    poster.at,
  );
}

/** Counts a failed try at a poster (nothing the gallery shows changes, so no event). */
export async function recordPosterFailure(db: Db, id: string): Promise<void> {
  await db
    .updateTable("videos")
    .set((eb) => ({ poster_attempts: eb("poster_attempts", "+", 1) }))
    .where("id", "=", id)
    .where("poster_key", "is", null)
    .execute();
}

/**
 * Updates a video while `until` is still null (not archived yet, no poster yet) and logs its
 * task's change at `at`. False when no row matched: the video is gone or `until` is already set.
 */
async function updateVideoUntilSet(
  db: Db,
  id: string,
  until: "archived_at" | "poster_key",
  values: Updateable<VideoRow>,
  at: string,
): Promise<boolean> {
  return writeChanges(db, async (trx, events) => {
    const result = await trx
      .updateTable("videos")
      .set(values)
      .where("id", "=", id)
      .where(until, "is", null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await logTaskChange(trx, events, id, at);
    return true;
  });
}

/** The task's videos changed what it shows (archived, or why not): one entry in the change log behind /api/events. */
async function logTaskChange(db: Db, events: ChangeLog, videoId: string, at: string): Promise<void> {
  const video = await db.selectFrom("videos").select("task_id").where("id", "=", videoId).executeTakeFirst();
  if (!video) return;
  // The task's updated_at moves too: the browser keeps whichever copy of a task is newer.
  await db.updateTable("tasks").set({ updated_at: at }).where("id", "=", video.task_id).execute();
  await events.changed(video.task_id, at);
}
