import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { migrationList, migrationProvider } from "@/lib/server/db/migrations";

// Each migration is a file of lib/server/db/migrations/ named by its key, registered once in
// index.ts in order. A file left out would never run; a renamed one would run again on every
// database that recorded the old key.

const dir = path.resolve(import.meta.dirname, "../../lib/server/db/migrations");
const notMigrations = new Set(["index.ts", "helpers.ts"]);

it("lists each migration once, sorted by key, and the provider hands Kysely exactly that list", async () => {
  const keys = migrationList.map(([name]) => name);
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys).toEqual([...keys].sort());
  for (const key of keys) expect(key).toMatch(/^\d{4}_[a-z0-9_]+$/);
  const provided = await migrationProvider.getMigrations();
  expect(Object.keys(provided)).toEqual(keys);
  for (const [name, migration] of migrationList) expect(provided[name]).toBe(migration);
});

it("registers every file of lib/server/db/migrations/ under its file name, and nothing else", async () => {
  const files = fs
    .readdirSync(dir)
    .filter((file) => !notMigrations.has(file))
    .sort();
  expect(files.map((file) => path.basename(file, ".ts"))).toEqual(migrationList.map(([name]) => name));
  for (const file of files) {
    expect(file.endsWith(".ts")).toBe(true);
    const name = path.basename(file, ".ts");
    const module: { migration?: unknown } = await import(path.join(dir, file));
    // The entry under a file's name is that file's migration, not another's.
    expect(migrationList.filter(([, migration]) => migration === module.migration).map(([key]) => key)).toEqual([name]);
  }
});
