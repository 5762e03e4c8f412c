import "server-only";
import type { Kysely } from "kysely";
import type { BoardRow, BoardTakeRow, BoardWaitRow, Database } from "./schema";

// Storyboards on disk: the board document with its version, the takes linking tasks to shots,
// and the shots waiting for the one before them. Every query reads the same on SQLite and Postgres.

type Db = Kysely<Database>;

/** The most boards the list shows, newest first: a board is hand-made, so this is plenty. */
export const BOARDS_LIST_MAX = 200;

export async function insertBoard(db: Db, row: BoardRow): Promise<void> {
  await db.insertInto("boards").values(row).execute();
}

export async function findBoard(db: Db, id: string): Promise<BoardRow | undefined> {
  return db.selectFrom("boards").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listBoards(db: Db): Promise<BoardRow[]> {
  return db
    .selectFrom("boards")
    .selectAll()
    .orderBy("updated_at", "desc")
    .orderBy("id", "desc")
    .limit(BOARDS_LIST_MAX)
    .execute();
}

/**
 * Saves a new document when the stored one is still at `version` (and unlinks the takes and
 * waits of shots it no longer has). False when someone saved in between: nothing is written.
 */
export async function saveBoard(
  db: Db,
  id: string,
  version: number,
  change: { title: string; doc: string; shotIds: string[]; now: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable("boards")
      .set({ title: change.title, doc: change.doc, version: version + 1, updated_at: change.now })
      .where("id", "=", id)
      .where("version", "=", version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await trx.deleteFrom("board_takes").where("board_id", "=", id).where("shot_id", "not in", change.shotIds).execute();
    await trx.deleteFrom("board_waits").where("board_id", "=", id).where("shot_id", "not in", change.shotIds).execute();
    return true;
  });
}

/** Touches a board so the list shows it as recently used (a generation, an export). */
export async function touchBoard(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable("boards").set({ updated_at: now }).where("id", "=", id).execute();
}

export async function deleteBoard(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom("boards").where("id", "=", id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function takesOf(db: Db, boardIds: readonly string[]): Promise<BoardTakeRow[]> {
  if (boardIds.length === 0) return [];
  return db
    .selectFrom("board_takes")
    .selectAll()
    .where("board_id", "in", [...boardIds])
    .execute();
}

export async function insertTakes(db: Db, rows: BoardTakeRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto("board_takes").values(rows).execute();
}

export async function waitsOf(db: Db, boardId: string): Promise<BoardWaitRow[]> {
  return db.selectFrom("board_waits").selectAll().where("board_id", "=", boardId).execute();
}

/** Every waiting shot of every board, oldest first: the worker's round. */
export async function allWaits(db: Db): Promise<BoardWaitRow[]> {
  return db.selectFrom("board_waits").selectAll().orderBy("requested_at").execute();
}

export async function insertWaits(db: Db, rows: BoardWaitRow[]): Promise<void> {
  for (const row of rows) {
    // Asked again while already waiting: the newer request stands.
    await db
      .deleteFrom("board_waits")
      .where("board_id", "=", row.board_id)
      .where("shot_id", "=", row.shot_id)
      .execute();
    await db.insertInto("board_waits").values(row).execute();
  }
}

/** True when this call removed the wait (so exactly one caller acts on it). */
export async function deleteWait(db: Db, boardId: string, shotId: string): Promise<boolean> {
  const result = await db
    .deleteFrom("board_waits")
    .where("board_id", "=", boardId)
    .where("shot_id", "=", shotId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
