// GET /api/prompts/history at 10,000 tasks: latency of the history query (distinct prompts,
// newest use first, with counts, ratings and thumbnails) for its shapes, on SQLite and, when
// TEST_DATABASE_URL (or DATABASE_URL) is set, on Postgres. Target: p95 < 30 ms on SQLite.
//
//   npm run bench:history     BENCH_TASKS=10000 BENCH_RUNS=200
//
// Seeded like bench/list.ts (tests/support/seed-tasks.ts): about 9,000 distinct English prompts
// used once or twice, and 64 Chinese ones used about 20 times each.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { openDatabase } from "@/lib/server/db";
import { listHistory, type HistoryQuery } from "@/lib/server/db/prompts-repo";
import type { Database } from "@/lib/server/db/schema";
import { HISTORY_LIMIT_DEFAULT } from "@/lib/schemas/prompt";
import { createPgSchema } from "../tests/support/databases";
import { insertSeeded, seedRows } from "../tests/support/seed-tasks";
import { timeCalls } from "./support";

const TASKS = Number(process.env.BENCH_TASKS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const TARGET_P95_MS = 30;

const SHAPES: [string, Omit<HistoryQuery, "limit"> | "page 20"][] = [
  ["first page", {}],
  ["page 20 by cursor", "page 20"],
  ["a search word", { q: "lighthouse" }],
  ["a Chinese search", { q: "鲸鱼" }],
  ["two words", { q: "fox harbour" }],
  ["a word no prompt has", { q: "zeppelin" }],
];

async function measure(name: string, db: Kysely<Database>): Promise<number> {
  await insertSeeded(db, seedRows(TASKS));
  if (name === "Postgres") await sql`analyze`.execute(db);
  let worst = 0;
  console.log(`\n${name}: history at ${TASKS} tasks, ${RUNS} runs each, ms (limit ${HISTORY_LIMIT_DEFAULT})`);
  for (const [label, shape] of SHAPES) {
    let query: HistoryQuery = { limit: HISTORY_LIMIT_DEFAULT };
    if (shape === "page 20") {
      for (let i = 1; i < 20; i++) query = { ...query, cursor: (await listHistory(db, query)).nextCursor ?? undefined };
    } else query = { ...query, ...shape };
    const rows = (await listHistory(db, query)).items.length;
    const { p50, p95 } = await timeCalls(() => listHistory(db, query), RUNS);
    worst = Math.max(worst, p95);
    console.log(
      `  ${label.padEnd(22)} ${String(rows).padStart(3)} rows   p50 ${p50.toFixed(2).padStart(6)}   p95 ${p95.toFixed(2).padStart(6)}`,
    );
  }
  return worst;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-history-"));
try {
  const sqlite = await openDatabase({ dataDir: dir });
  const worst = await measure("SQLite", sqlite);
  await sqlite.destroy();
  console.log(
    `SQLite worst p95: ${worst.toFixed(2)} ms (target < ${TARGET_P95_MS} ms): ${worst < TARGET_P95_MS ? "ok" : "OVER"}`,
  );
  const pgUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (pgUrl) {
    const { schema, drop } = await createPgSchema(pgUrl);
    try {
      const pg = await openDatabase({ databaseUrl: pgUrl, dataDir: dir, pgSearchPath: schema });
      await measure("Postgres", pg);
      await pg.destroy();
    } finally {
      await drop();
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
