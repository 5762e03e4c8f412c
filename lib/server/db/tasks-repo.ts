import "server-only";
import type { Kysely, Selectable } from "kysely";
import type { GenerationRequest } from "@/lib/schemas/generation";
import type { Task, TaskState } from "@/lib/schemas/task";
import type { TaskEdit } from "@/lib/schemas/task-edit";
import type { Database, TaskRow, VideoRow } from "./schema";
import { promptHash } from "./prompt-hash";
import { refundCharge } from "./quota-repo";
import { searchText } from "@/lib/schemas/search-text";
import { type ChangeLog, writeChanges } from "./changes";
import { lengthOf, shapeOf, tierOf, withModelDefaults } from "@/lib/schemas/catalog";

// Every query on tasks and videos. Written once in Kysely's portable subset, so SQLite and
// Postgres run the same code (the persistence tests run it on both).

type Db = Kysely<Database>;
export type TaskPatch = Partial<Omit<TaskRow, "id" | "created_at" | "request" | "prompt" | "prompt_hash" | "model">>;
export type NewVideo = { id: string; upstreamId: string; sourceUrl: string; expiresAt: string | null };

/** A video row's archive and poster columns before anything is archived. */
export const NO_ARCHIVE = {
  archive_key: null,
  archive_size: null,
  archive_sha256: null,
  archive_content_type: null,
  archived_at: null,
  archive_next_at: null,
  archive_error: null,
  archive_attempts: 0,
  poster_key: null,
  poster_sha256: null,
  poster_at: null,
  poster_attempts: 0,
} as const;

function toTask(row: Selectable<TaskRow>, videos: Selectable<VideoRow>[], tags: string[]): Task {
  return {
    id: row.id,
    state: row.state as TaskState,
    request: JSON.parse(row.request) as GenerationRequest,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? row.error_code } : null,
    upstreamTaskId: row.upstream_task_id,
    traceId: row.trace_id,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    videos: videos
      .sort((a, b) => a.position - b.position)
      .map((v) => ({
        id: v.id,
        url: `/api/media/${v.id}`,
        expiresAt: v.expires_at,
        archived: v.archived_at !== null,
        size: v.archive_size === null ? null : Number(v.archive_size),
        archiveError: v.archive_error,
        posterUrl: v.poster_key === null ? null : `/api/media/${v.id}/poster`,
      })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
    finishedAt: row.finished_at,
    origin: row.origin === "import" || row.origin === "film" ? row.origin : "studio",
    favourite: Number(row.favourite) === 1,
    tags,
    notes: row.notes,
    rating: row.rating === null ? null : Number(row.rating),
    runId: row.run_id,
    ownerId: row.owner_id ?? null,
  };
}

// Map.groupBy arrives in Node 21; the studio runs on Node 20.
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The tasks of a page with their videos and tags: three queries however long the page. */
export async function withVideos(db: Db, rows: Selectable<TaskRow>[]): Promise<Task[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [videos, tags] = await Promise.all([
    db.selectFrom("videos").selectAll().where("task_id", "in", ids).execute(),
    db.selectFrom("task_tags").select(["task_id", "tag"]).where("task_id", "in", ids).execute(),
  ]);
  const videosOf = groupBy(videos, (v) => v.task_id);
  const tagsOf = groupBy(tags, (t) => t.task_id);
  // Sorted here, not in SQL: the two databases collate text differently.
  return rows.map((row) =>
    toTask(row, videosOf.get(row.id) ?? [], (tagsOf.get(row.id) ?? []).map((t) => t.tag).sort()),
  );
}

export type NewTask = {
  id: string;
  request: GenerationRequest;
  now: string;
  callbackSecretHash?: string | null;
  /** An adopted upstream task (import): its id, and when it was created there. */
  imported?: { upstreamTaskId: string; traceId: string | null; submittedAt: string };
  /** The variation batch it belongs to. */
  runId?: string;
  /** The account that made it (team mode). */
  ownerId?: string | null;
};

/** The row of a new task (also used to seed many at once in tests and benchmarks). */
export function newTaskRow(given: NewTask): TaskRow {
  // A stored request is complete: what it left to its model's defaults is written down, so the
  // gallery, the filters and a re-run all see the settings the video was made with.
  const task = { ...given, request: withModelDefaults(given.request) };
  return {
    id: task.id,
    upstream_task_id: task.imported?.upstreamTaskId ?? null,
    trace_id: task.imported?.traceId ?? null,
    request: JSON.stringify(task.request),
    prompt: task.request.prompt,
    model: task.request.model,
    state: task.imported ? "submitted" : "queued",
    error_code: null,
    error_message: null,
    attempts: 0,
    next_attempt_at: null,
    claimed_until: null,
    created_at: task.now,
    updated_at: task.now,
    submitted_at: task.imported?.submittedAt ?? null,
    finished_at: null,
    callback_secret_hash: task.callbackSecretHash ?? null,
    origin: task.imported ? "import" : "studio",
    last_polled_at: null,
    missing_polls: 0,
    size: tierOf(task.request),
    duration: lengthOf(task.request),
    orientation: shapeOf(task.request),
    favourite: 0,
    notes: "",
    rating: null,
    run_id: task.runId ?? null,
    search_text: searchText(task.request.prompt),
    prompt_hash: promptHash(task.request.prompt),
    owner_id: task.ownerId ?? null,
  };
}

/** A video the studio made itself, stored whole in the archive (there is no provider copy). */
export type MadeVideo = { id: string; upstreamId: string; key: string; size: number; sha256: string };

/**
 * A task the studio made itself, finished from the start with its one archived video (a film
 * rendered from a storyboard), in the caller's change: the same row as any task's, and its event.
 */
export async function insertMadeTask(trx: Db, events: ChangeLog, task: NewTask, video: MadeVideo): Promise<void> {
  const row: TaskRow = {
    ...newTaskRow(task),
    state: "succeeded",
    origin: "film",
    submitted_at: task.now,
    finished_at: task.now,
  };
  await trx.insertInto("tasks").values(row).execute();
  await trx
    .insertInto("videos")
    .values({
      ...NO_ARCHIVE,
      id: video.id,
      task_id: task.id,
      upstream_id: video.upstreamId,
      position: 0,
      source_url: "",
      expires_at: null,
      created_at: task.now,
      archive_key: video.key,
      archive_size: video.size,
      archive_sha256: video.sha256,
      archive_content_type: "video/mp4",
      archived_at: task.now,
    })
    .execute();
  await events.changed(task.id, task.now);
}

/**
 * `before` runs first in the same transaction (the quota check and charge): when it throws,
 * nothing is stored. `after` runs once the tasks are in it (a storyboard links its takes).
 */
type InsertOptions = { before?: (trx: Db) => Promise<void>; after?: (trx: Db) => Promise<void> };

export async function insertTask(db: Db, task: NewTask, options: InsertOptions = {}): Promise<Task> {
  return (await insertTasks(db, [task], options))[0] as Task;
}

/** Several new tasks (a variation run) in one transaction: all of them are stored, or none. */
export async function insertTasks(db: Db, tasks: NewTask[], options: InsertOptions = {}): Promise<Task[]> {
  const rows = tasks.map(newTaskRow);
  await writeChanges(db, async (trx, events) => {
    await options.before?.(trx);
    for (const [i, row] of rows.entries()) {
      await trx.insertInto("tasks").values(row).execute();
      await events.changed(row.id, (tasks[i] as NewTask).now);
    }
    await options.after?.(trx);
  });
  return rows.map((row) => toTask(row, [], []));
}

export async function findTask(db: Db, id: string): Promise<Task | undefined> {
  const row = await db.selectFrom("tasks").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? (await withVideos(db, [row]))[0] : undefined;
}

export async function findTaskRow(db: Db, id: string) {
  return db.selectFrom("tasks").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * Applies a user's edit (star, tags, notes, rating) and its event in one transaction; false
 * when there is no such task. updated_at moves, so open lists take the edited copy as newer.
 */
export async function editTask(db: Db, id: string, edit: TaskEdit, now: string): Promise<boolean> {
  return writeChanges(db, async (trx, events) => {
    const result = await trx
      .updateTable("tasks")
      .set({
        updated_at: now,
        ...(edit.favourite !== undefined ? { favourite: edit.favourite ? 1 : 0 } : {}),
        ...(edit.notes !== undefined ? { notes: edit.notes } : {}),
        ...(edit.rating !== undefined ? { rating: edit.rating } : {}),
      })
      .where("id", "=", id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    if (edit.tags !== undefined) {
      await trx.deleteFrom("task_tags").where("task_id", "=", id).execute();
      if (edit.tags.length > 0)
        await trx
          .insertInto("task_tags")
          .values(edit.tags.map((tag) => ({ task_id: id, tag })))
          .execute();
    }
    await events.changed(id, now);
    return true;
  });
}

/** Writes a patch only if the task is still in `fromState`; false means someone else moved it first. */
export async function updateTaskIf(
  db: Db,
  id: string,
  fromState: string,
  patch: TaskPatch,
  videos: NewVideo[] = [],
): Promise<boolean> {
  return writeChanges(db, async (trx, events) => {
    const result = await trx
      .updateTable("tasks")
      .set(patch)
      .where("id", "=", id)
      .where("state", "=", fromState)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    const now = patch.updated_at ?? new Date().toISOString();
    await events.changed(id, now);
    if (videos.length > 0) {
      await trx
        .insertInto("videos")
        .values(
          videos.map((v, position) => ({
            ...NO_ARCHIVE,
            id: v.id,
            task_id: id,
            upstream_id: v.upstreamId,
            position,
            source_url: v.sourceUrl,
            expires_at: v.expiresAt,
            created_at: now,
          })),
        )
        .execute();
    }
    return true;
  });
}

/**
 * Takes the right to submit a queued task until `until`; only one caller wins, across processes.
 * Every known outcome of a create call clears the claim, so a claim is never taken over: one
 * that runs out means the submitter died mid-call (see listAbandonedClaims).
 */
export async function claimForSubmit(
  db: Db,
  id: string,
  until: string,
  callbackSecretHash: string | null = null,
): Promise<boolean> {
  const result = await db
    .updateTable("tasks")
    .set({ claimed_until: until, callback_secret_hash: callbackSecretHash })
    .where("id", "=", id)
    .where("state", "=", "queued")
    .where("claimed_until", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Queued tasks whose submit claim ran out without an outcome: the create call may have reached AceData. */
export async function listAbandonedClaims(db: Db, now: string) {
  return db.selectFrom("tasks").select("id").where("state", "=", "queued").where("claimed_until", "<", now).execute();
}

export async function listDueQueued(db: Db, now: string, limit: number) {
  return db
    .selectFrom("tasks")
    .select("id")
    .where("state", "=", "queued")
    .where((eb) => eb.or([eb("next_attempt_at", "is", null), eb("next_attempt_at", "<=", now)]))
    .where("claimed_until", "is", null)
    .orderBy("created_at", "asc")
    .limit(limit)
    .execute();
}

/** What the poller needs of each unfinished task (not the request, which may carry images). */
export async function listUnfinished(db: Db) {
  return db
    .selectFrom("tasks")
    .select([
      "id",
      "model",
      "state",
      "upstream_task_id",
      "created_at",
      "submitted_at",
      "last_polled_at",
      "missing_polls",
      "callback_secret_hash",
    ])
    .where("state", "in", ["submitted", "processing"])
    .orderBy("created_at", "asc")
    .execute();
}

/** Tasks rendering upstream plus those being submitted right now (claimed, or abandoned mid-call). */
export async function countInFlight(db: Db): Promise<number> {
  const row = await db
    .selectFrom("tasks")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where((eb) =>
      eb.or([
        eb("state", "in", ["submitted", "processing"]),
        eb.and([eb("state", "=", "queued"), eb("claimed_until", "is not", null)]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findVideo(db: Db, id: string) {
  return db.selectFrom("videos").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findTaskByUpstreamId(db: Db, upstreamTaskId: string): Promise<Task | undefined> {
  const row = await db
    .selectFrom("tasks")
    .selectAll()
    .where("upstream_task_id", "=", upstreamTaskId)
    .executeTakeFirst();
  return row ? (await withVideos(db, [row]))[0] : undefined;
}

export async function findTaskRowByCallbackHash(db: Db, hash: string) {
  return db.selectFrom("tasks").selectAll().where("callback_secret_hash", "=", hash).executeTakeFirst();
}

/** `last_polled_at` of a task that should be asked about in the very next round. */
const POLL_NOW = "1970-01-01T00:00:00.000Z";

/**
 * Poll bookkeeping only: not a state change, so no event. A task marked "poll now" meanwhile
 * (markPollDue, from a callback during the round) keeps that mark.
 */
export async function markPolled(
  db: Db,
  ids: string[],
  at: string,
  missing: { id: string; missingPolls: number }[],
): Promise<void> {
  if (ids.length > 0) {
    await db
      .updateTable("tasks")
      .set({ last_polled_at: at })
      .where("id", "in", ids)
      .where((eb) => eb.or([eb("last_polled_at", "is", null), eb("last_polled_at", "!=", POLL_NOW)]))
      .execute();
  }
  for (const m of missing)
    await db.updateTable("tasks").set({ missing_polls: m.missingPolls }).where("id", "=", m.id).execute();
}

/** Makes a task due for the next poll round at once (after a callback whose confirmation failed). */
export async function markPollDue(db: Db, id: string): Promise<void> {
  await db.updateTable("tasks").set({ last_polled_at: POLL_NOW }).where("id", "=", id).execute();
}

/**
 * Deletes a task and its video rows unless it is being submitted right now (a create call in
 * flight would leave a paid upstream task nobody tracks). Returns the deleted videos' archive
 * keys (copies and posters), or "busy", or undefined when there was no such task.
 */
export async function deleteTask(
  db: Db,
  id: string,
  now: string,
): Promise<{ archiveKeys: string[] } | "busy" | undefined> {
  return writeChanges(db, async (trx, events) => {
    const videos = await trx
      .selectFrom("videos")
      .select(["archive_key", "poster_key"])
      .where("task_id", "=", id)
      .execute();
    const task = await trx.selectFrom("tasks").select("upstream_task_id").where("id", "=", id).executeTakeFirst();
    // Video rows go with the task (ON DELETE CASCADE); a live submit claim keeps the task.
    const result = await trx
      .deleteFrom("tasks")
      .where("id", "=", id)
      .where((eb) =>
        eb.or([eb("state", "!=", "queued"), eb("claimed_until", "is", null), eb("claimed_until", "<=", now)]),
      )
      .executeTakeFirst();
    if (Number(result.numDeletedRows) !== 1) {
      const exists = await trx.selectFrom("tasks").select("id").where("id", "=", id).executeTakeFirst();
      return exists ? "busy" : undefined;
    }
    // Never accepted by AceData (still queued, or refused): its seconds were never spent.
    if (task && task.upstream_task_id === null) await refundCharge(trx, id, now);
    await events.deleted(id, now);
    // Posters are in the archive too, and go with their video.
    return { archiveKeys: videos.flatMap((v) => [v.archive_key, v.poster_key]).filter((k): k is string => k !== null) };
  });
}

export async function findTasks(db: Db, ids: string[]): Promise<Task[]> {
  if (ids.length === 0) return [];
  return withVideos(db, await db.selectFrom("tasks").selectAll().where("id", "in", ids).execute());
}
