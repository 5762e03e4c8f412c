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
import { rerunUnderReactServer } from "./support";

// --expose-gc: the in-process run collects garbage before it takes its baseline.
rerunUnderReactServer(["--expose-gc"]);

const VIDEOS = Number(process.env.BENCH_VIDEOS ?? 20);
const VIDEO_BYTES = Number(process.env.BENCH_VIDEO_MB ?? 5) * 1_000_000;
const MB = 1_000_000;
const MiB = 1024 * 1024;

/** Writes a response body to `file`: each chunk is on disk before the next is asked for (as a socket with backpressure would take it). */
async function writeBody(res: Response, file: string): Promise<void> {
  const handle = await fs.promises.open(file, "w");
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (let at = 0; at < value.byteLength; ) at += (await handle.write(value, at)).bytesWritten;
  }
  await handle.close();
}

/** The same export through `next start` over HTTP: the server's own RSS (from /proc), sampled while a client downloads. */
async function overHttp(dir: string): Promise<void> {
  const { startStudio } = await import("../tests/support/studio");
  const studio = await startStudio({ LOG_LEVEL: "warn" }, dir);
  try {
    const pid = studio.pid() as number;
    const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
    await (await fetch(`${studio.url}/api/export?all=1&format=json`)).arrayBuffer(); // warm the route up
    const baseline = rss();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 5);
    const started = performance.now();
    const res = await fetch(`${studio.url}/api/export?all=1&format=zip`);
    await writeBody(res, path.join(dir, "http.zip"));
    const ms = performance.now() - started;
    clearInterval(sampler);
    const size = fs.statSync(path.join(dir, "http.zip")).size;
    console.log(
      `GET /api/export?all=1&format=zip through next start: ${(size / MB).toFixed(1)} MB in ${(ms / 1000).toFixed(2)} s`,
    );
    console.log(`  throughput       ${(size / MB / (ms / 1000)).toFixed(0)} MB/s`);
    console.log(`  server peak RSS growth  ${((peak - baseline) / MiB).toFixed(1)} MiB (target < 50 MiB)`);
  } finally {
    await studio.stop();
  }
}

// Two processes: this one seeds the gallery, a fresh one (same script, BENCH_EXPORT_DIR set)
// exports it, so the seeding's allocations do not hide in the measured process's RSS baseline.
const seeded = process.env.BENCH_EXPORT_DIR;
const dataDir = seeded ?? fs.mkdtempSync(path.join(os.tmpdir(), "bench-export-"));
Object.assign(process.env, { STUDIO_DATA_DIR: dataDir, LOG_LEVEL: "silent" });
delete process.env.DATABASE_URL;

const { db } = await import("@/lib/server/db");
const { newTaskRow, NO_ARCHIVE } = await import("@/lib/server/db/tasks-repo");
const { exportResponse } = await import("@/lib/server/bundles/export-bundle");

if (!seeded) {
  try {
    // A gallery of finished tasks, each with one archived video of random (incompressible) bytes.
    const database = await db();
    const now = new Date().toISOString();
    for (let i = 0; i < VIDEOS; i++) {
      const taskId = randomUUID();
      const videoId = randomUUID();
      const key = `videos/${videoId}.mp4`;
      fs.mkdirSync(path.join(dataDir, "media", "videos"), { recursive: true });
      const hash = createHash("sha256");
      const fd = fs.openSync(path.join(dataDir, "media", key), "w");
      for (let written = 0; written < VIDEO_BYTES; ) {
        const piece = randomBytes(Math.min(256 * 1024, VIDEO_BYTES - written));
        fs.writeSync(fd, piece);
        hash.update(piece);
        written += piece.length;
      }
      fs.closeSync(fd);
      const row = {
        ...newTaskRow({
          id: taskId,
          request: {
            prompt: `Bench video ${i}`,
            model: "sora-2",
            size: "small",
            duration: 10,
            orientation: "landscape",
          },
          now,
        }),
        state: "succeeded",
        finished_at: now,
      };
      await database.insertInto("tasks").values(row).execute();
      await database
        .insertInto("videos")
        .values({
          id: videoId,
          task_id: taskId,
          upstream_id: "",
          position: 0,
          source_url: "",
          expires_at: null,
          created_at: now,
          ...NO_ARCHIVE,
          archive_key: key,
          archive_size: VIDEO_BYTES,
          archive_sha256: hash.digest("hex"),
          archive_content_type: "video/mp4",
          archived_at: now,
        })
        .execute();
    }
    await database.destroy();
    const run = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: "inherit",
      env: { ...process.env, BENCH_EXPORT_DIR: dataDir },
    });
    process.exitCode = run.status ?? 1;
    if (fs.existsSync(path.join(import.meta.dirname, "..", ".next", "BUILD_ID"))) await overHttp(dataDir);
    else
      console.log(
        "(no production build: `npx next build` first to also measure GET /api/export through a real server)",
      );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
} else {
  const out = path.join(dataDir, "export.zip");
  // Warm up first (the database opened, the code loaded): the baseline is a studio that is running.
  await (await exportResponse(new URLSearchParams({ all: "1", format: "json" }))).arrayBuffer();
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  let peakBuffers = 0;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peak = Math.max(peak, now.rss);
    peakBuffers = Math.max(peakBuffers, now.arrayBuffers);
  }, 2);
  const started = performance.now();
  const res = await exportResponse(new URLSearchParams({ all: "1", format: "zip" }));
  await writeBody(res, out);
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const size = fs.statSync(out).size;

  const check = spawnSync(
    "python3",
    [
      "-c",
      "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip() or 'ok', len(z.infolist()), 'entries')",
      out,
    ],
    { encoding: "utf8" },
  );
  console.log(
    `export ZIP: ${VIDEOS} videos × ${VIDEO_BYTES / MB} MB → ${(size / MB).toFixed(1)} MB in ${(ms / 1000).toFixed(2)} s`,
  );
  console.log(`  throughput       ${(size / MB / (ms / 1000)).toFixed(0)} MB/s (written to a file on the same disk)`);
  console.log(
    `  peak RSS growth  ${((peak - baseline) / MiB).toFixed(1)} MiB (target < 50 MiB; one chunk of one video is held at a time)`,
  );
  console.log(`  peak buffers     ${(peakBuffers / MiB).toFixed(1)} MiB`);
  console.log(`  python zipfile   ${check.status === 0 ? check.stdout.trim() : `failed: ${check.stderr.trim()}`}`);
  await (await db()).destroy();
}
