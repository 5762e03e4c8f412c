import "server-only";
import { randomUUID } from "node:crypto";
import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type {
  EditPrompt,
  LibraryFile,
  LibraryPrompt,
  LibraryPromptDetail,
  PromptHistoryPage,
  PromptSettings,
  PromptVersion,
} from "@/lib/schemas/prompt";
import type { Database, PromptRow, PromptVersionRow } from "./schema";
import { encodeCursor, listQuery } from "./task-list";

// Every query of the prompt history (over tasks) and the prompt library (prompts and their
// append-only versions), in the portable Kysely subset the other repos use.

type Db = Kysely<Database>;

// ——— history ———

export type HistoryQuery = { q?: string; cursor?: string; limit: number };

/**
 * Distinct prompts, newest use first. Each prompt is represented by its latest task: the list's
 * own query (search and keyset paging as in the gallery) keeps only tasks no newer task shares a
 * prompt_hash with. SQLite walks the (created_at, id) index and probes (prompt_hash, created_at,
 * id) once per row, stopping after a page, instead of grouping all 10,000 tasks first.
 */
export function historyQuery(db: Db, query: HistoryQuery) {
  return listQuery(db, { q: query.q, cursor: query.cursor, limit: query.limit })
    .clearSelect()
    .select([
      "tasks.id",
      "tasks.prompt",
      "tasks.prompt_hash",
      "tasks.created_at",
      "tasks.model",
      "tasks.size",
      "tasks.duration",
      "tasks.orientation",
    ])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("tasks as newer")
            .select("newer.id")
            .whereRef("newer.prompt_hash", "=", "tasks.prompt_hash")
            .where((eb) =>
              eb.or([
                eb("newer.created_at", ">", eb.ref("tasks.created_at")),
                eb.and([
                  eb("newer.created_at", "=", eb.ref("tasks.created_at")),
                  eb("newer.id", ">", eb.ref("tasks.id")),
                ]),
              ]),
            ),
        ),
      ),
    );
}

export const HISTORY_THUMBNAILS = 4;

export async function listHistory(db: Db, query: HistoryQuery): Promise<PromptHistoryPage> {
  const rows = await historyQuery(db, query).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last ? encodeCursor(last.created_at, last.id) : null;
  if (page.length === 0) return { items: [], nextCursor };
  const hashes = page.map((r) => r.prompt_hash);

  const [stats, recent] = await Promise.all([
    db
      .selectFrom("tasks")
      .select((eb) => [
        "prompt_hash",
        eb.fn.countAll<number | string>().as("uses"),
        eb.fn
          .sum<number | string | null>(eb.case().when("state", "=", "succeeded").then(1).else(0).end())
          .as("succeeded"),
        eb.fn.avg<number | string | null>("rating").as("average_rating"),
      ])
      .where("prompt_hash", "in", hashes)
      .groupBy("prompt_hash")
      .execute(),
    sql<{ id: string; prompt_hash: string }>`select id, prompt_hash from (
        select id, prompt_hash, created_at, row_number() over (partition by prompt_hash order by created_at desc, id desc) as n
        from tasks where prompt_hash in (${sql.join(hashes)})
      ) ranked where n <= ${HISTORY_THUMBNAILS} order by created_at desc, id desc`.execute(db),
  ]);
  const taskIds = recent.rows.map((r) => r.id);
  const videos =
    taskIds.length === 0
      ? []
      : await db
          .selectFrom("videos")
          .select(["id", "task_id", "poster_key"])
          .where("task_id", "in", taskIds)
          .where("position", "=", 0)
          .execute();
  const videoOf = new Map(videos.map((v) => [v.task_id, v]));
  const statsOf = new Map(stats.map((s) => [s.prompt_hash, s]));

  return {
    items: page.map((row) => {
      const s = statsOf.get(row.prompt_hash);
      const average = s?.average_rating === null || s?.average_rating === undefined ? null : Number(s.average_rating);
      return {
        prompt: row.prompt,
        latestSettings:
          row.size && row.duration !== null && row.orientation
            ? ({
                model: row.model,
                size: row.size,
                duration: Number(row.duration),
                orientation: row.orientation,
              } as PromptSettings)
            : null,
        uses: Number(s?.uses ?? 1),
        lastUsedAt: row.created_at,
        succeeded: Number(s?.succeeded ?? 0),
        averageRating: average === null ? null : Math.round(average * 10) / 10,
        recent: recent.rows
          .filter((r) => r.prompt_hash === row.prompt_hash)
          .map((r) => {
            const video = videoOf.get(r.id);
            return {
              taskId: r.id,
              url: video ? `/api/media/${video.id}` : null,
              posterUrl: video?.poster_key ? `/api/media/${video.id}/poster` : null,
            };
          }),
      };
    }),
    nextCursor,
  };
}

// ——— library ———

function toVersion(row: Selectable<PromptVersionRow>): PromptVersion {
  return {
    id: row.id,
    number: Number(row.number),
    text: row.text,
    settings: row.settings === null ? null : (JSON.parse(row.settings) as PromptSettings),
    note: row.note,
    createdAt: row.created_at,
  };
}

const tagsOf = (row: Selectable<PromptRow>): string[] => JSON.parse(row.tags) as string[];

/** Unique-constraint violations, as SQLite and Postgres report them. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === "23505" ||
    (typeof code === "string" && code.startsWith("SQLITE_CONSTRAINT_UNIQUE")) ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  );
}

/**
 * Runs `change` in a transaction; `onDuplicate` when a unique index refused one of its writes
 * (another save of the same name or version number got in first).
 */
async function transactionUnlessDuplicate<T, D extends string>(
  db: Db,
  onDuplicate: D,
  change: (trx: Transaction<Database>) => Promise<T>,
): Promise<T | D> {
  try {
    return await db.transaction().execute(change);
  } catch (error) {
    if (isUniqueViolation(error)) return onDuplicate;
    throw error;
  }
}

/** Every library prompt with its latest version, most recently changed first. */
export async function listPrompts(db: Db): Promise<LibraryPrompt[]> {
  const prompts = await db
    .selectFrom("prompts")
    .selectAll()
    .orderBy("updated_at", "desc")
    .orderBy("id", "desc")
    .execute();
  if (prompts.length === 0) return [];
  // The latest version of each: the (prompt_id, number) unique index answers max(number) per prompt.
  const latest = await db
    .selectFrom("prompt_versions as v")
    .innerJoin(
      (eb) =>
        eb
          .selectFrom("prompt_versions")
          .select((e) => ["prompt_id", e.fn.max("number").as("top"), e.fn.countAll<number | string>().as("count")])
          .groupBy("prompt_id")
          .as("m"),
      (join) => join.onRef("m.prompt_id", "=", "v.prompt_id").onRef("m.top", "=", "v.number"),
    )
    .selectAll("v")
    .select("m.count")
    .execute();
  const latestOf = new Map(latest.map((v) => [v.prompt_id, v]));
  return prompts.flatMap((p) => {
    const v = latestOf.get(p.id);
    if (!v) return [];
    return [
      {
        id: p.id,
        name: p.name,
        tags: tagsOf(p),
        createdAt: p.created_at,
        updatedAt: p.updated_at,
        latest: toVersion(v),
        versionCount: Number(v.count),
      },
    ];
  });
}

export async function findPrompt(db: Db, id: string): Promise<LibraryPromptDetail | undefined> {
  const prompt = await db.selectFrom("prompts").selectAll().where("id", "=", id).executeTakeFirst();
  if (!prompt) return undefined;
  const versions = await db
    .selectFrom("prompt_versions")
    .selectAll()
    .where("prompt_id", "=", id)
    .orderBy("number", "asc")
    .execute();
  return {
    id: prompt.id,
    name: prompt.name,
    tags: tagsOf(prompt),
    createdAt: prompt.created_at,
    updatedAt: prompt.updated_at,
    versions: versions.map(toVersion),
  };
}

export type VersionInput = { text: string; settings: PromptSettings | null; note: string; createdAt: string };

async function nameTaken(db: Db, name: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom("prompts").select("id").where("name", "=", name);
  if (exceptId) query = query.where("id", "!=", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

async function insertVersions(db: Db, promptId: string, versions: VersionInput[], firstNumber = 1): Promise<void> {
  // In slices: SQLite allows at most 32766 bound values in one statement.
  for (let i = 0; i < versions.length; i += 500) {
    await db
      .insertInto("prompt_versions")
      .values(
        versions.slice(i, i + 500).map((v, j) => ({
          id: randomUUID(),
          prompt_id: promptId,
          number: firstNumber + i + j,
          text: v.text,
          settings: v.settings === null ? null : JSON.stringify(v.settings),
          note: v.note,
          created_at: v.createdAt,
        })),
      )
      .execute();
  }
}

/** A new prompt with its first version(s); "name_taken" when the library has the name. */
export async function insertPrompt(
  db: Db,
  prompt: { name: string; tags: string[]; versions: VersionInput[]; now: string },
): Promise<string | "name_taken"> {
  const id = randomUUID();
  // Two saves of one name at once: the unique index lets one in.
  return transactionUnlessDuplicate(db, "name_taken", async (trx) => {
    if (await nameTaken(trx, prompt.name)) return "name_taken";
    await trx
      .insertInto("prompts")
      .values({
        id,
        name: prompt.name,
        tags: JSON.stringify(prompt.tags),
        created_at: prompt.now,
        updated_at: prompt.now,
      })
      .execute();
    await insertVersions(trx, id, prompt.versions);
    return id;
  });
}

export async function editPrompt(
  db: Db,
  id: string,
  edit: EditPrompt,
  now: string,
): Promise<"ok" | "not_found" | "name_taken"> {
  return transactionUnlessDuplicate(db, "name_taken", async (trx) => {
    if (edit.name !== undefined && (await nameTaken(trx, edit.name, id))) return "name_taken";
    const result = await trx
      .updateTable("prompts")
      .set({
        updated_at: now,
        ...(edit.name !== undefined ? { name: edit.name } : {}),
        ...(edit.tags !== undefined ? { tags: JSON.stringify(edit.tags) } : {}),
      })
      .where("id", "=", id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? "ok" : "not_found";
  });
}

/**
 * Appends version latest+1. Versions are never updated or deleted one by one: the only way a
 * version goes is with its prompt. Two appends at once both read the same latest; the unique
 * (prompt_id, number) refuses the second, which then reads again ("retry").
 */
export async function appendVersion(
  db: Db,
  promptId: string,
  version: VersionInput,
  isSame: (latest: PromptVersion) => boolean,
): Promise<PromptVersion | "not_found" | "same_as_latest" | "retry"> {
  return transactionUnlessDuplicate(db, "retry", async (trx) => {
    const prompt = await trx.selectFrom("prompts").select("id").where("id", "=", promptId).executeTakeFirst();
    if (!prompt) return "not_found";
    const latestRow = await trx
      .selectFrom("prompt_versions")
      .selectAll()
      .where("prompt_id", "=", promptId)
      .orderBy("number", "desc")
      .limit(1)
      .executeTakeFirst();
    const latest = latestRow ? toVersion(latestRow) : undefined;
    if (latest && isSame(latest)) return "same_as_latest";
    const number = (latest?.number ?? 0) + 1;
    await insertVersions(trx, promptId, [version], number);
    await trx.updateTable("prompts").set({ updated_at: version.createdAt }).where("id", "=", promptId).execute();
    const row = await trx
      .selectFrom("prompt_versions")
      .selectAll()
      .where("prompt_id", "=", promptId)
      .where("number", "=", number)
      .executeTakeFirstOrThrow();
    return toVersion(row);
  });
}

/** Deletes a prompt and (ON DELETE CASCADE) its versions; false when there was none. */
export async function deletePrompt(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom("prompts").where("id", "=", id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** The whole library for export: oldest prompt first, each with every version in order. */
export async function exportPrompts(db: Db): Promise<LibraryFile["prompts"]> {
  const prompts = await db
    .selectFrom("prompts")
    .selectAll()
    .orderBy("created_at", "asc")
    .orderBy("id", "asc")
    .execute();
  const versions = await db
    .selectFrom("prompt_versions")
    .selectAll()
    .orderBy("prompt_id")
    .orderBy("number", "asc")
    .execute();
  const versionsOf = new Map<string, Selectable<PromptVersionRow>[]>();
  for (const v of versions) {
    const list = versionsOf.get(v.prompt_id);
    if (list) list.push(v);
    else versionsOf.set(v.prompt_id, [v]);
  }
  return prompts.map((p) => ({
    name: p.name,
    tags: tagsOf(p),
    versions: (versionsOf.get(p.id) ?? []).map((row) => {
      const v = toVersion(row);
      return { number: v.number, text: v.text, settings: v.settings, note: v.note, createdAt: v.createdAt };
    }),
  }));
}

/**
 * Writes a whole (validated) library file in ONE transaction: all of it or, on any error,
 * nothing. A name the library already has gets `suffix` appended (then " 2", " 3"… if that is
 * taken too), cut so it stays within `maxName` characters. Returns the new prompts' ids and names.
 */
export async function importPrompts(
  db: Db,
  prompts: LibraryFile["prompts"],
  options: { now: string; suffix: string; maxName: number },
): Promise<{ id: string; name: string; renamedFrom?: string }[]> {
  return db.transaction().execute(async (trx) => {
    const taken = new Set((await trx.selectFrom("prompts").select("name").execute()).map((r) => r.name));
    const out: { id: string; name: string; renamedFrom?: string }[] = [];
    for (const prompt of prompts) {
      let name = prompt.name;
      for (let n = 1; taken.has(name); n++) {
        const suffix = n === 1 ? options.suffix : `${options.suffix} ${n}`;
        name = prompt.name.slice(0, options.maxName - suffix.length).trimEnd() + suffix;
      }
      taken.add(name);
      const id = randomUUID();
      await trx
        .insertInto("prompts")
        .values({
          id,
          name,
          tags: JSON.stringify(prompt.tags),
          created_at: prompt.versions[0]?.createdAt ?? options.now,
          updated_at: options.now,
        })
        .execute();
      await insertVersions(
        trx,
        id,
        prompt.versions.map((v) => ({ text: v.text, settings: v.settings, note: v.note, createdAt: v.createdAt })),
      );
      out.push({ id, name, ...(name !== prompt.name ? { renamedFrom: prompt.name } : {}) });
    }
    return out;
  });
}

/** Row counts of the library's tables (tests prove a refused import left them untouched). */
export async function librarySize(db: Db): Promise<{ prompts: number; versions: number }> {
  const [p, v] = await Promise.all([
    db
      .selectFrom("prompts")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("prompt_versions")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { prompts: Number(p.n), versions: Number(v.n) };
}
