// GET /api/tasks at 10,000 tasks: latency of the list query for the gallery's main shapes on
// SQLite and, when TEST_DATABASE_URL (or DATABASE_URL) is set, on Postgres, side by side; plus
// the whole route handler (parse, query, JSON) on SQLite. Target: p95 < 30 ms on SQLite.
//
//   npm run bench:list        (node --conditions=react-server --import tsx bench/list.ts)
//   BENCH_TASKS=10000 BENCH_RUNS=200
//
// Each database is fresh (a temp SQLite file; a new Postgres schema, dropped afterwards) and
// seeded with the same deterministic tasks as the tests (tests/support/seed-tasks.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sql, type Kysely } from "kysely";
import { openDatabase } from "@/lib/server/db";
import type { Database } from "@/lib/server/db/schema";
import * as taskList from "@/lib/server/db/task-list";
import { LIST_LIMIT_DEFAULT } from "@/lib/schemas/task-filter";
import { createPgSchema } from "../tests/support/databases";
import { insertSeeded, seedRows } from "../tests/support/seed-tasks";
import { timeCalls } from "./support";

const TASKS = Number(process.env.BENCH_TASKS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARMUP = 20;
const TARGET_P95_MS = 30;

type Filter = Omit<taskList.ListFilter, "limit">;
const SHAPES: [string, Filter | "page 50"][] = [
  ["first page, no filter", {}],
  ["state + model + size", { state: "succeeded", model: "sora-2-pro", size: "large" }],
  ["a tag", { tag: "keeper" }],
  ["favourites", { favourite: "1" }],
  ["a search word", { q: "lighthouse" }],
  ["a Chinese search", { q: "鲸鱼" }],
  ["search + filter", { q: "fox harbour", model: "sora-2", state: "succeeded" }],
  ["page 50 by cursor", "page 50"],
  // The worst cases of walking the list's order: nothing matches, so the whole index is read.
  ["a tag no task has", { tag: "nobody" }],
  ["a word no prompt has", { q: "zeppelin" }],
];

const time = (fn: () => Promise<unknown>) => timeCalls(fn, RUNS, WARMUP);

async function cursorOfPage(db: Kysely<Database>, page: number): Promise<string> {
  let cursor: string | undefined;
  for (let i = 1; i < page; i++)
    cursor = (await taskList.listTasks(db, { limit: LIST_LIMIT_DEFAULT, cursor })).nextCursor ?? undefined;
  if (!cursor) throw new Error(`fewer than ${page} pages`);
  return cursor;
}

async function seed(db: Kysely<Database>): Promise<void> {
  const started = performance.now();
  await insertSeeded(db, seedRows(TASKS));
  console.log(`  seeded ${TASKS} tasks in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function measure(db: Kysely<Database>): Promise<Map<string, { p50: number; p95: number; count: number }>> {
  const out = new Map<string, { p50: number; p95: number; count: number }>();
  for (const [label, shape] of SHAPES) {
    const filter: Filter = shape === "page 50" ? { cursor: await cursorOfPage(db, 50) } : shape;
    const count = (await taskList.listTasks(db, { limit: LIST_LIMIT_DEFAULT, ...filter })).items.length;
    out.set(label, { ...(await time(() => taskList.listTasks(db, { limit: LIST_LIMIT_DEFAULT, ...filter }))), count });
  }
  return out;
}

const results: { name: string; rows: Map<string, { p50: number; p95: number; count: number }> }[] = [];

const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-list-"));
try {
  console.log("SQLite");
  const sqlite = await openDatabase({ dataDir: sqliteDir });
  await seed(sqlite);
  results.push({ name: "SQLite", rows: await measure(sqlite) });
  await sqlite.destroy();

  // The whole route handler once, on the same SQLite file: query-string parsing, the query, JSON.
  process.env.STUDIO_DATA_DIR = sqliteDir;
  delete process.env.DATABASE_URL;
  process.env.LOG_LEVEL = "silent";
  const { GET } = await import("@/app/api/tasks/route");
  const viaRoute = new Map<string, { p50: number; p95: number; count: number }>();
  for (const [label, query] of [
    ["first page, no filter", ""],
    ["state + model + size", "?state=succeeded&model=sora-2-pro&size=large"],
    ["search + filter", "?q=fox%20harbour&model=sora-2&state=succeeded"],
  ] as const) {
    const once = async () => (await GET(new Request(`http://studio/api/tasks${query}`), {})).text();
    const count = (JSON.parse(await once()) as { items: unknown[] }).items.length;
    viaRoute.set(label, { ...(await time(once)), count });
  }
  results.push({ name: "SQLite, route handler", rows: viaRoute });

  const pgUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (pgUrl) {
    console.log("Postgres");
    const { schema, drop } = await createPgSchema(pgUrl);
    try {
      const pg = await openDatabase({ databaseUrl: pgUrl, dataDir: sqliteDir, pgSearchPath: schema });
      await seed(pg);
      // Statistics, as autovacuum would have gathered them on a database that has grown to this size.
      await sql`analyze`.execute(pg);
      results.push({ name: "Postgres", rows: await measure(pg) });
      await pg.destroy();
    } finally {
      await drop();
    }
  } else {
    console.log("Postgres: skipped (set TEST_DATABASE_URL=postgres://… to measure it too)");
  }
} finally {
  fs.rmSync(sqliteDir, { recursive: true, force: true });
}

const fmt = (n: number | undefined) => (n === undefined ? "—" : n.toFixed(2).padStart(7));
const header = [
  "shape".padEnd(24),
  "rows".padStart(4),
  ...results.flatMap((r) => [`${r.name} p50`.padStart(Math.max(11, r.name.length + 4)), `p95`.padStart(7)]),
];
console.log(`\nlistTasks at ${TASKS} tasks, ${RUNS} runs each, ms (limit ${LIST_LIMIT_DEFAULT}):\n`);
console.log(header.join("  "));
for (const [label] of SHAPES) {
  const count = results[0]?.rows.get(label)?.count;
  const cells = results.flatMap((r) => {
    const row = r.rows.get(label);
    return [fmt(row?.p50).padStart(Math.max(11, r.name.length + 4)), fmt(row?.p95)];
  });
  console.log([label.padEnd(24), String(count ?? "").padStart(4), ...cells].join("  "));
}
const sqliteRows = results[0]?.rows;
const worst = Math.max(...[...(sqliteRows?.values() ?? [])].map((r) => r.p95));
console.log(
  `\nSQLite worst p95: ${worst.toFixed(2)} ms (target < ${TARGET_P95_MS} ms): ${worst < TARGET_P95_MS ? "ok" : "OVER"}`,
);
