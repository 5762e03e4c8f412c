import "server-only";
import { PostgresAdapter, sql, type Kysely, type Selectable } from "kysely";
import type { GenerationRequest } from "@/lib/schemas/generation";
import type { Task, TaskPage, TaskState } from "@/lib/schemas/task";
import { normalizeTag } from "@/lib/schemas/rules";
import type { TaskEdit } from "@/lib/schemas/task-edit";
import type { TaskFilter } from "@/lib/schemas/task-filter";
import type { Database, TaskRow, VideoRow } from "./schema";
import { promptHash } from "./prompt-hash";
import { refundCharge } from "./quota-repo";
import { fts5Query, searchText, searchWords, tsQuery } from "./search";

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

const isPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

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
async function withVideos(db: Db, rows: Selectable<TaskRow>[]): Promise<Task[]> {
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

/** The row of a new task (also used to seed many at once in tests and benchmarks). */
export function newTaskRow(task: NewTask): TaskRow {
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
    size: task.request.size,
    duration: task.request.duration,
    orientation: task.request.orientation,
    favourite: 0,
    notes: "",
    rating: null,
    run_id: task.runId ?? null,
    search_text: searchText(task.request.prompt),
    prompt_hash: promptHash(task.request.prompt),
    owner_id: task.ownerId ?? null,
  };
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
  await db.transaction().execute(async (trx) => {
    await options.before?.(trx);
    for (const [i, row] of rows.entries()) {
      await trx.insertInto("tasks").values(row).execute();
      await logEvent(trx, row.id, "changed", (tasks[i] as NewTask).now);
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

export type ListFilter = Omit<TaskFilter, "limit" | "owner"> & {
  limit: number /** Only this account's tasks. */;
  ownerId?: string;
};

/** The UTC instant a day (YYYY-MM-DD) starts, and the next day's start (an exclusive bound). */
export function dayBounds(day: string): { start: string; end: string } | undefined {
  const start = Date.parse(`${day}T00:00:00.000Z`);
  if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== day) return undefined;
  return { start: new Date(start).toISOString(), end: new Date(start + 86_400_000).toISOString() };
}

/**
 * The list query, newest first, every filter applied (exported so tests can read its plan).
 * Equality filters each have a (column, created_at, id) index; a tag is a probe of task_tags'
 * primary key (or, on Postgres, its (tag, task_id) index when the planner prefers); words go
 * through FTS5 on SQLite and a GIN tsvector index on Postgres.
 */
export function listQuery(db: Db, filter: ListFilter) {
  let query = db.selectFrom("tasks").selectAll();
  if (filter.state) query = query.where("state", "=", filter.state);
  if (filter.model) query = query.where("model", "=", filter.model);
  if (filter.size) query = query.where("size", "=", filter.size);
  if (filter.duration !== undefined) query = query.where("duration", "=", filter.duration);
  if (filter.orientation) query = query.where("orientation", "=", filter.orientation);
  if (filter.favourite === "1") query = query.where("favourite", "=", 1);
  if (filter.run) query = query.where("run_id", "=", filter.run);
  if (filter.ownerId) query = query.where("owner_id", "=", filter.ownerId);
  const from = filter.from ? dayBounds(filter.from) : undefined;
  const to = filter.to ? dayBounds(filter.to) : undefined;
  if (from) query = query.where("created_at", ">=", from.start);
  if (to) query = query.where("created_at", "<", to.end);
  if (filter.tag) {
    const tag = normalizeTag(filter.tag);
    // A correlated EXISTS, not IN (…): SQLite then walks the list's order and stops after a page,
    // instead of fetching and sorting every task with a common tag (5 ms vs 0.9 ms at 10k).
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("task_tags")
          .select("task_tags.task_id")
          .whereRef("task_tags.task_id", "=", "tasks.id")
          .where("task_tags.tag", "=", tag),
      ),
    );
  }
  if (filter.q) {
    const words = searchWords(filter.q);
    if (words.length === 0) {
      // Only symbols or emoji: nothing to look up, and "everything" would be the wrong answer.
      query = query.where(sql<boolean>`1 = 0`);
    } else if (isPostgres(db)) {
      query = query.where(sql<boolean>`to_tsvector('simple', search_text) @@ to_tsquery('simple', ${tsQuery(words)})`);
    } else {
      // Correlated for the same reason as tags: a common word ("a") must not fetch and sort most
      // of the table (68 ms at 10k). Written as IN, not EXISTS: SQLite then reads the FTS matches
      // once into a list with a Bloom filter (3–10 ms); as EXISTS it took 180 ms.
      query = query.where(
        sql<boolean>`id in (select r.task_id from task_search_rows r where r.task_id = tasks.id and r.rid in (select rowid from tasks_fts where tasks_fts match ${fts5Query(words)}))`,
      );
    }
  }
  const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb("created_at", "<", after.createdAt),
        eb.and([eb("created_at", "=", after.createdAt), eb("id", "<", after.id)]),
      ]),
    );
  }
  return query
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(filter.limit + 1);
}

/** Newest first; the cursor is the (created_at, id) of the last item, base64url-encoded. */
export async function listTasks(db: Db, filter: ListFilter): Promise<TaskPage> {
  const rows = await listQuery(db, filter).execute();
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: await withVideos(db, page),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

/**
 * Applies a user's edit (star, tags, notes, rating) and its event in one transaction; false
 * when there is no such task. updated_at moves, so open lists take the edited copy as newer.
 */
export async function editTask(db: Db, id: string, edit: TaskEdit, now: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
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
    await logEvent(trx, id, "changed", now);
    return true;
  });
}

export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString("base64url");
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(value) && typeof value[0] === "string" && typeof value[1] === "string")
      return { createdAt: value[0], id: value[1] };
  } catch {
    // fall through: an unreadable cursor is reported by the caller
  }
  return undefined;
}

/** Writes a patch only if the task is still in `fromState`; false means someone else moved it first. */
export async function updateTaskIf(
  db: Db,
  id: string,
  fromState: string,
  patch: TaskPatch,
  videos: NewVideo[] = [],
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable("tasks")
      .set(patch)
      .where("id", "=", id)
      .where("state", "=", fromState)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    const now = patch.updated_at ?? new Date().toISOString();
    await logEvent(trx, id, "changed", now);
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
  return db.transaction().execute(async (trx) => {
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
    await logEvent(trx, id, "deleted", now);
    // Posters are in the archive too, and go with their video.
    return { archiveKeys: videos.flatMap((v) => [v.archive_key, v.poster_key]).filter((k): k is string => k !== null) };
  });
}

export type TaskEvent = { seq: number; taskId: string; kind: "changed" | "deleted" };

/** Events after `afterSeq`, oldest first. */
export async function listEventsAfter(db: Db, afterSeq: number, limit: number): Promise<TaskEvent[]> {
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

export async function findTasks(db: Db, ids: string[]): Promise<Task[]> {
  if (ids.length === 0) return [];
  return withVideos(db, await db.selectFrom("tasks").selectAll().where("id", "in", ids).execute());
}
