import "server-only";
import { sql, type Kysely, type Selectable } from "kysely";
import type { GenerationRequest } from "@/lib/schemas/generation";
import type { Task, TaskPage, TaskState } from "@/lib/schemas/task";
import type { Database, TaskRow, VideoRow } from "./schema";

// Every query on tasks and videos. Written once in Kysely's portable subset, so SQLite and
// Postgres run the same code (the persistence tests run it on both).

type Db = Kysely<Database>;
export type TaskPatch = Partial<Omit<TaskRow, "id" | "created_at" | "request" | "prompt" | "model">>;
export type NewVideo = { id: string; upstreamId: string; sourceUrl: string; expiresAt: string | null };

const NO_ARCHIVE = {
  archive_key: null,
  archive_size: null,
  archive_sha256: null,
  archive_content_type: null,
  archived_at: null,
  archive_next_at: null,
  archive_error: null,
  archive_attempts: 0,
} as const;

function toTask(row: Selectable<TaskRow>, videos: Selectable<VideoRow>[]): Task {
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
      })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
    finishedAt: row.finished_at,
    origin: row.origin === "import" ? "import" : "studio",
  };
}

async function withVideos(db: Db, rows: Selectable<TaskRow>[]): Promise<Task[]> {
  if (rows.length === 0) return [];
  const videos = await db.selectFrom("videos").selectAll().where("task_id", "in", rows.map((r) => r.id)).execute();
  return rows.map((row) => toTask(row, videos.filter((v) => v.task_id === row.id)));
}

export async function insertTask(db: Db, task: { id: string; request: GenerationRequest; now: string }): Promise<Task> {
  const row: TaskRow = {
    id: task.id,
    upstream_task_id: null,
    trace_id: null,
    request: JSON.stringify(task.request),
    prompt: task.request.prompt,
    model: task.request.model,
    state: "queued",
    error_code: null,
    error_message: null,
    attempts: 0,
    next_attempt_at: null,
    claimed_until: null,
    created_at: task.now,
    updated_at: task.now,
    submitted_at: null,
    finished_at: null,
    callback_secret_hash: null,
    origin: "studio",
    last_polled_at: null,
    missing_polls: 0,
  };
  await db.insertInto("tasks").values(row).execute();
  return toTask({ ...row, attempts: 0 }, []);
}

export async function findTask(db: Db, id: string): Promise<Task | undefined> {
  const row = await db.selectFrom("tasks").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? (await withVideos(db, [row]))[0] : undefined;
}

export async function findTaskRow(db: Db, id: string) {
  return db.selectFrom("tasks").selectAll().where("id", "=", id).executeTakeFirst();
}

export type ListFilter = { limit: number; cursor?: string; q?: string; state?: TaskState; model?: string };

/** Newest first; the cursor is the (created_at, id) of the last item, base64url-encoded. */
export async function listTasks(db: Db, filter: ListFilter): Promise<TaskPage> {
  let query = db.selectFrom("tasks").selectAll();
  if (filter.state) query = query.where("state", "=", filter.state);
  if (filter.model) query = query.where("model", "=", filter.model);
  if (filter.q) {
    const needle = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // An explicit ESCAPE: SQLite has no default escape character for LIKE, Postgres uses backslash.
    query = query.where(sql<boolean>`lower(prompt) like ${needle} escape '\\'`);
  }
  const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
  if (after) {
    query = query.where((eb) =>
      eb.or([eb("created_at", "<", after.createdAt), eb.and([eb("created_at", "=", after.createdAt), eb("id", "<", after.id)])]),
    );
  }
  const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(filter.limit + 1).execute();
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: await withVideos(db, page),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString("base64url");
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(value) && typeof value[0] === "string" && typeof value[1] === "string") return { createdAt: value[0], id: value[1] };
  } catch {
    // fall through: an unreadable cursor is reported by the caller
  }
  return undefined;
}

/** Writes a patch only if the task is still in `fromState`; false means someone else moved it first. */
export async function updateTaskIf(db: Db, id: string, fromState: string, patch: TaskPatch, videos: NewVideo[] = []): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx.updateTable("tasks").set(patch).where("id", "=", id).where("state", "=", fromState).executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    if (videos.length > 0) {
      const now = patch.updated_at ?? new Date().toISOString();
      await trx
        .insertInto("videos")
        .values(videos.map((v, position) => ({ ...NO_ARCHIVE, id: v.id, task_id: id, upstream_id: v.upstreamId, position, source_url: v.sourceUrl, expires_at: v.expiresAt, created_at: now })))
        .execute();
    }
    return true;
  });
}

/** Takes the right to submit a queued task until `until`; only one caller wins, across processes. */
export async function claimForSubmit(db: Db, id: string, now: string, until: string): Promise<boolean> {
  const result = await db
    .updateTable("tasks")
    .set({ claimed_until: until })
    .where("id", "=", id)
    .where("state", "=", "queued")
    .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listDueQueued(db: Db, now: string, limit: number) {
  return db
    .selectFrom("tasks")
    .select("id")
    .where("state", "=", "queued")
    .where((eb) => eb.or([eb("next_attempt_at", "is", null), eb("next_attempt_at", "<=", now)]))
    .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", now)]))
    .orderBy("created_at", "asc")
    .limit(limit)
    .execute();
}

/** What the poller needs of each unfinished task (not the request, which may carry images). */
export async function listUnfinished(db: Db) {
  return db
    .selectFrom("tasks")
    .select(["id", "upstream_task_id", "created_at", "submitted_at"])
    .where("state", "in", ["submitted", "processing"])
    .orderBy("created_at", "asc")
    .execute();
}

/** Tasks rendering upstream plus those being submitted right now (claimed). */
export async function countInFlight(db: Db, now: string): Promise<number> {
  const row = await db
    .selectFrom("tasks")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where((eb) => eb.or([eb("state", "in", ["submitted", "processing"]), eb.and([eb("state", "=", "queued"), eb("claimed_until", ">", now)])]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findVideo(db: Db, id: string) {
  return db.selectFrom("videos").selectAll().where("id", "=", id).executeTakeFirst();
}
