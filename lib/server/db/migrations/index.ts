import "server-only";
import type { Migration, MigrationProvider } from "kysely";
import { migration as m0001 } from "./0001_tasks_and_videos";
import { migration as m0002 } from "./0002_lifecycle";
import { migration as m0003 } from "./0003_leases";
import { migration as m0004 } from "./0004_uploads";
import { migration as m0005 } from "./0005_gallery";
import { migration as m0006 } from "./0006_posters";
import { migration as m0007 } from "./0007_prompt_library";
import { migration as m0008 } from "./0008_team";
import { migration as m0009 } from "./0009_quotas";
import { migration as m0010 } from "./0010_storyboards";

// Migrations live in code: each is a module imported here (not files Kysely reads from disk at
// run time), so the production bundle carries them. One file per migration, named by its key:
// the key is what databases record in kysely_migration, so a file is never renamed.
// Only portable types: text, integer, bigint. Never edit a published migration; add one (a new
// file, registered below in order; tests/integration/migrations.test.ts fails on one left out).

export const migrationList: readonly (readonly [name: string, migration: Migration])[] = [
  ["0001_tasks_and_videos", m0001],
  ["0002_lifecycle", m0002],
  ["0003_leases", m0003],
  ["0004_uploads", m0004],
  ["0005_gallery", m0005],
  ["0006_posters", m0006],
  ["0007_prompt_library", m0007],
  ["0008_team", m0008],
  ["0009_quotas", m0009],
  ["0010_storyboards", m0010],
];

const migrations: Record<string, Migration> = Object.fromEntries(migrationList);

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
