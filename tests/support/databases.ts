import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { openDatabase } from "@/lib/server/db";
import type { Database } from "@/lib/server/db/schema";

// The databases a repository test runs on: SQLite always, Postgres too when TEST_DATABASE_URL
// is set (in a schema of its own per run, so parallel runs and old data never interfere).

export type DbTarget = {
  name: string;
  open: (options?: { migrateTo?: string }) => Promise<{ db: Kysely<Database>; cleanup: () => Promise<void> }>;
};

export function databaseTargets(): DbTarget[] {
  const targets: DbTarget[] = [
    {
      name: "sqlite",
      open: async (options = {}) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-db-"));
        const db = await openDatabase({ dataDir: dir, ...options });
        return {
          db,
          cleanup: async () => {
            await db.destroy();
            fs.rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    },
  ];
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    targets.push({
      name: "postgres",
      open: async (options = {}) => {
        const { schema, drop } = await createPgSchema(pgUrl);
        const db = await openDatabase({ databaseUrl: pgUrl, dataDir: os.tmpdir(), pgSearchPath: schema, ...options });
        return {
          db,
          cleanup: async () => {
            await db.destroy();
            await drop();
          },
        };
      },
    });
  }
  return targets;
}

/** A fresh Postgres schema for one run; `drop` removes it with everything in it. */
export async function createPgSchema(pgUrl: string): Promise<{ schema: string; drop: () => Promise<void> }> {
  const schema = `studio_test_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  return {
    schema,
    drop: async () => {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

/** A database for a studio server under test: SQLite in its data directory, or a fresh Postgres schema. */
export type StudioDbTarget = {
  name: string;
  database: () => Promise<{
    env: Record<string, string>;
    open: (dataDir: string) => Promise<Kysely<Database>>;
    drop: () => Promise<void>;
  }>;
};

/** SQLite always; Postgres too when TEST_DATABASE_URL is set (the server's search_path is the schema). */
export function studioDatabaseTargets(): StudioDbTarget[] {
  const targets: StudioDbTarget[] = [
    {
      name: "sqlite",
      database: async () => ({ env: {}, open: (dataDir) => openDatabase({ dataDir }), drop: async () => undefined }),
    },
  ];
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    targets.push({
      name: "postgres",
      database: async () => {
        const { schema, drop } = await createPgSchema(pgUrl);
        const url = `${pgUrl}${pgUrl.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
        return {
          env: { DATABASE_URL: url },
          open: () => openDatabase({ databaseUrl: pgUrl, dataDir: os.tmpdir(), pgSearchPath: schema }),
          drop,
        };
      },
    });
  }
  return targets;
}

/** A production studio server per database target, started with `env` on top of the database's own. */
export type StudioTarget = {
  name: string;
  start: () => Promise<{ studio: import("./studio").Studio; cleanup: () => Promise<void> }>;
};

export function studioTargets(env: Record<string, string> = {}): StudioTarget[] {
  return studioDatabaseTargets().map((target) => ({
    name: target.name,
    start: async () => {
      const { startStudio } = await import("./studio");
      const database = await target.database();
      const studio = await startStudio({ ...env, ...database.env });
      return {
        studio,
        cleanup: async () => {
          await studio.stop();
          await database.drop();
        },
      };
    },
  }));
}
