import "server-only";
import fs from "node:fs";
import path from "node:path";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import { dropProcessSingleton, processSingleton } from "@/lib/shared/process-singleton";
import { env } from "../platform/env";
import { migrationProvider } from "./migrations";
import type { Database } from "./schema";

// One Kysely instance per process, SQLite by default and Postgres when DATABASE_URL is set.
// The dialect is chosen here and nowhere else: every query is written once for both.

export type DbOptions = {
  databaseUrl?: string;
  dataDir: string;
  pgSearchPath?: string;
  /** Stop after this migration (tests of a later migration's backfill); default: all of them. */
  migrateTo?: string;
};

export async function openDatabase(options: DbOptions): Promise<Kysely<Database>> {
  let db: Kysely<Database>;
  if (options.databaseUrl) {
    const { default: pg } = await import("pg");
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      ...(options.pgSearchPath ? { options: `-c search_path=${options.pgSearchPath}` } : {}),
    });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    const { default: BetterSqlite3 } = await import("better-sqlite3");
    fs.mkdirSync(options.dataDir, { recursive: true });
    const file = new BetterSqlite3(path.join(options.dataDir, "studio.sqlite"));
    file.pragma("journal_mode = WAL");
    file.pragma("foreign_keys = ON");
    file.pragma("busy_timeout = 5000");
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: file }) });
  }
  // Kysely looks for its own migration tables in every schema unless told which: with a second
  // studio in another schema of the same database (tests do that) it found the other's tables,
  // skipped creating its own, and failed. So name the schema the connection works in.
  let migrationTableSchema: string | undefined;
  try {
    if (options.databaseUrl)
      migrationTableSchema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]
        ?.schema;
  } catch (error) {
    await db.destroy();
    throw new Error(`Database connection failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error, results } = await (options.migrateTo
    ? migrator.migrateTo(options.migrateTo)
    : migrator.migrateToLatest());
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    await db.destroy();
    throw new Error(
      `Database migration failed${failed ? ` at ${failed.migrationName}` : ""}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return db;
}

/** Which database the studio uses, for /api/health (never the connection string). */
export function databaseKind(): "postgres" | "sqlite" {
  return env().DATABASE_URL ? "postgres" : "sqlite";
}

/** The process's one database handle (one pool), opened and migrated on first use. */
export function db(): Promise<Kysely<Database>> {
  return processSingleton("db", () =>
    openDatabase({ databaseUrl: env().DATABASE_URL, dataDir: env().dataDir }).catch((error: unknown) => {
      dropProcessSingleton("db");
      throw error;
    }),
  );
}
