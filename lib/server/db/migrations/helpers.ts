import "server-only";
import { type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, PostgresAdapter, sql } from "kysely";

// Pieces that more than one migration is built from. A published migration means the same
// forever, and what these helpers emit is part of every migration that calls them: they must
// NEVER change behaviour (not the SQL, not its order). A migration that needs something else
// gets a new helper or writes it out in full; it does not edit one of these.

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** A column to add to an existing table: name, portable type and, optionally, its constraints. */
export type NewColumn = readonly [
  name: string,
  type: "text" | "integer" | "bigint",
  build?: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder,
];

/** Adds the columns in order, one ALTER TABLE each (SQLite adds one column per statement). */
export async function addColumns(db: Kysely<unknown>, table: string, columns: readonly NewColumn[]): Promise<void> {
  for (const [name, type, build] of columns) await db.schema.alterTable(table).addColumn(name, type, build).execute();
}

/**
 * Adds an ever-growing integer primary key, for `.$call(…)` on a new table: bigserial on
 * Postgres, an AUTOINCREMENT integer on SQLite (whose plain rowid may reuse a deleted row's).
 */
export function sequenceKey(name: string, postgres: boolean) {
  return <T extends string, C extends string>(table: CreateTableBuilder<T, C>) =>
    table.addColumn(name, postgres ? "bigserial" : "integer", (c) =>
      postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
    );
}

/**
 * Fills a new tasks column with a value computed in code from each task's prompt (the same
 * function new tasks go through), a page of 500 tasks at a time in id order.
 */
export async function backfillTasksFromPrompt(
  db: Kysely<unknown>,
  column: string,
  derive: (prompt: string) => string,
): Promise<void> {
  for (let after = ""; ; ) {
    const { rows } = await sql<{
      id: string;
      prompt: string;
    }>`select id, prompt from tasks where id > ${after} order by id limit 500`.execute(db);
    // sql.raw: the column is a constant of the calling migration, written unquoted as before.
    for (const row of rows)
      await sql`update tasks set ${sql.raw(column)} = ${derive(row.prompt)} where id = ${row.id}`.execute(db);
    const last = rows[rows.length - 1];
    if (!last) break;
    after = last.id;
  }
}

/** Drops the tables in the order given (dependents first). */
export async function dropTables(db: Kysely<unknown>, tables: readonly string[]): Promise<void> {
  for (const table of tables) await db.schema.dropTable(table).execute();
}
