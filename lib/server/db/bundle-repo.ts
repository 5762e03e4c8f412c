import "server-only";
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Database, TaskRow, TaskTagRow, VideoRow } from "./schema";
import type { ChangeLog } from "./changes";

// The queries of task bundles (export and import), in the portable Kysely subset the other
// repos use. Kept apart from tasks-repo: the gallery's list filter is not what selects a run
// for export (a run is exported whatever the page shows).

type Db = Kysely<Database>;
type Trx = Transaction<Database>;
export type ExportQuery = { run: string } | { ids: string[] } | { all: true };

/** Ids per `IN (…)`: far below SQLite's and Postgres's bound-parameter limits. */
const CHUNK = 500;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The selected tasks, oldest first (created_at, then id), whatever their state. */
export async function selectTasks(db: Db, query: ExportQuery): Promise<Selectable<TaskRow>[]> {
  if ("ids" in query) {
    const rows = (
      await Promise.all(
        chunks(query.ids).map((ids) => db.selectFrom("tasks").selectAll().where("id", "in", ids).execute()),
      )
    ).flat();
    return rows.sort((a, b) =>
      a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? -1 : 1,
    );
  }
  let select = db.selectFrom("tasks").selectAll();
  if ("run" in query) select = select.where("run_id", "=", query.run);
  return select.orderBy("created_at", "asc").orderBy("id", "asc").execute();
}

/** The videos (by position) and tags of these tasks. */
export async function videosAndTags(
  db: Db,
  taskIds: string[],
): Promise<{ videos: Map<string, Selectable<VideoRow>[]>; tags: Map<string, string[]> }> {
  const videos = new Map<string, Selectable<VideoRow>[]>();
  const tags = new Map<string, string[]>();
  for (const ids of chunks(taskIds)) {
    const [videoRows, tagRows] = await Promise.all([
      db.selectFrom("videos").selectAll().where("task_id", "in", ids).execute(),
      db.selectFrom("task_tags").select(["task_id", "tag"]).where("task_id", "in", ids).execute(),
    ]);
    for (const v of videoRows) videos.set(v.task_id, [...(videos.get(v.task_id) ?? []), v]);
    for (const t of tagRows) tags.set(t.task_id, [...(tags.get(t.task_id) ?? []), t.tag]);
  }
  for (const list of videos.values()) list.sort((a, b) => a.position - b.position);
  // Sorted here, not in SQL: the two databases collate text differently.
  for (const list of tags.values()) list.sort();
  return { videos, tags };
}

export type Present = {
  /** Task ids already here. */
  tasks: Set<string>;
  /** Upstream task id → the task here that has it. */
  upstream: Map<string, string>;
  /** Video id → the task here that has it. */
  videos: Map<string, string>;
};

/** Which of these ids this studio already has (a bundle never overwrites them). */
export async function findPresent(
  db: Db | Trx,
  ids: { tasks: string[]; upstream: string[]; videos: string[] },
): Promise<Present> {
  const present: Present = { tasks: new Set(), upstream: new Map(), videos: new Map() };
  for (const part of chunks(ids.tasks))
    for (const r of await db.selectFrom("tasks").select("id").where("id", "in", part).execute())
      present.tasks.add(r.id);
  for (const part of chunks(ids.upstream)) {
    for (const r of await db
      .selectFrom("tasks")
      .select(["id", "upstream_task_id"])
      .where("upstream_task_id", "in", part)
      .execute())
      present.upstream.set(r.upstream_task_id as string, r.id);
  }
  for (const part of chunks(ids.videos))
    for (const r of await db.selectFrom("videos").select(["id", "task_id"]).where("id", "in", part).execute())
      present.videos.set(r.id, r.task_id);
  return present;
}

export type ImportedTask = { row: TaskRow; tags: string[]; videos: VideoRow[] };

/**
 * Inserts imported tasks with their tags, videos and one change event each, in the caller's
 * transaction, a chunk of rows per statement.
 */
export async function insertImported(trx: Trx, events: ChangeLog, tasks: ImportedTask[], now: string): Promise<void> {
  // Rows per statement: tasks have 31 columns, so 200 rows stay under SQLite's 32,766 parameters.
  for (const part of chunks(tasks, 200)) {
    await trx
      .insertInto("tasks")
      .values(part.map((t) => t.row))
      .execute();
    const tags: TaskTagRow[] = part.flatMap((t) => t.tags.map((tag) => ({ task_id: t.row.id, tag })));
    if (tags.length > 0) await trx.insertInto("task_tags").values(tags).execute();
    const videos = part.flatMap((t) => t.videos);
    for (const v of chunks(videos, 200)) await trx.insertInto("videos").values(v).execute();
  }
  for (const t of tasks) await events.changed(t.row.id, now);
}
