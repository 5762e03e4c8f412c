// Benchmark of the ZIP export: BENCH_VIDEOS archived videos of BENCH_VIDEO_MB MB each (default
// 20 × 5 MB) exported through the export module (`GET /api/export?all=1&format=zip`'s own code,
// in this process) and written to a file; prints throughput and this process's peak RSS growth,
// then checks the zip with Python's zipfile (every CRC). Memory must not follow the zip's size:
// the writer holds one chunk of one video at a time.
// Run: `npm run bench:export` (or `npx tsx bench/export.ts`). No build needed.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";

// lib/server marks itself server-only; run under the condition Next's server bundles use.
if (!process.execArgv.some((a) => a.includes("react-server"))) {
  const run = spawnSync(process.execPath, ["--conditions=react-server", "--expose-gc", ...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(run.status ?? 1);
}

const VIDEOS = Number(process.env.BENCH_VIDEOS ?? 20);
const VIDEO_BYTES = Number(process.env.BENCH_VIDEO_MB ?? 5) * 1_000_000;
const MB = 1_000_000;
const MiB = 1024 * 1024;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-export-"));
Object.assign(process.env, { STUDIO_DATA_DIR: dataDir, LOG_LEVEL: "silent" });
delete process.env.DATABASE_URL;

const { db } = await import("@/lib/server/db");
const { newTaskRow } = await import("@/lib/server/db/tasks-repo");
const { exportResponse } = await import("@/lib/server/export");

try {
  // A gallery of finished tasks, each with one archived video of random (incompressible) bytes.
  const database = await db();
  const now = new Date().toISOString();
  for (let i = 0; i < VIDEOS; i++) {
    const taskId = randomUUID();
    const videoId = randomUUID();
    const bytes = randomBytes(VIDEO_BYTES);
    const key = `videos/${videoId}.mp4`;
    fs.mkdirSync(path.join(dataDir, "media", "videos"), { recursive: true });
    fs.writeFileSync(path.join(dataDir, "media", key), bytes);
    const row = { ...newTaskRow({ id: taskId, request: { prompt: `Bench video ${i}`, model: "sora-2", size: "small", duration: 10, orientation: "landscape" }, now }), state: "succeeded", finished_at: now };
    await database.insertInto("tasks").values(row).execute();
    await database
      .insertInto("videos")
      .values({
        id: videoId, task_id: taskId, upstream_id: "", position: 0, source_url: "", expires_at: null, created_at: now,
        archive_key: key, archive_size: bytes.length, archive_sha256: createHash("sha256").update(bytes).digest("hex"), archive_content_type: "video/mp4",
        archived_at: now, archive_next_at: null, archive_error: null, archive_attempts: 0, poster_key: null, poster_sha256: null, poster_at: null, poster_attempts: 0,
      })
      .execute();
  }

  const out = path.join(dataDir, "export.zip");
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  const started = performance.now();
  const res = await exportResponse(new URLSearchParams({ all: "1", format: "zip" }));
  const file = fs.createWriteStream(out);
  await res.body!.pipeTo(Writable.toWeb(file) as WritableStream<Uint8Array>);
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const size = fs.statSync(out).size;

  const check = spawnSync("python3", ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip() or 'ok', len(z.infolist()))", out], { encoding: "utf8" });
  console.log(`export ZIP: ${VIDEOS} videos × ${VIDEO_BYTES / MB} MB → ${(size / MB).toFixed(1)} MB in ${(ms / 1000).toFixed(2)} s`);
  console.log(`  throughput       ${(size / MB / (ms / 1000)).toFixed(0)} MB/s (written to a file on the same disk)`);
  console.log(`  peak RSS growth  ${((peak - baseline) / MiB).toFixed(1)} MiB (target < 50 MiB; one chunk of one video is held at a time)`);
  console.log(`  python zipfile   ${check.status === 0 ? check.stdout.trim() : `failed: ${check.stderr.trim()}`}`);
  await database.destroy();
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
