// Benchmark of GET /api/media/:videoId on an archived 200 MiB video: throughput against reading
// the file straight from disk, random Range requests, and the server's memory while it serves.
// Run: `npm run bench:media` (or `npx tsx bench/media.ts`). Needs a production build (`npx next build`).
//
// The studio runs as a real `next start` process on a temp STUDIO_DATA_DIR; its resident memory
// is sampled from /proc/<pid>/status every few milliseconds. Target: RSS growth < 50 MiB.
// Knobs: BENCH_FILE_MIB (file size, default 200) shows the growth does not follow the file size;
// BENCH_SERVER_NODE_OPTIONS (e.g. --max-semi-space-size=1) shows how much of it is V8's young
// generation growing under allocation churn rather than bytes held.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { rerunUnderReactServer } from "./support";

rerunUnderReactServer();

const { openDatabase } = await import("@/lib/server/db");
const tasksRepo = await import("@/lib/server/db/tasks-repo");
const videosRepo = await import("@/lib/server/db/videos-repo");
const { startStudio } = await import("../tests/support/studio");

const MiB = 1024 * 1024;
const FILE_BYTES = Number(process.env.BENCH_FILE_MIB ?? 200) * MiB;
const RANGES = 100;
const RANGE_BYTES = 1 * MiB;
const PARALLEL = 4;
const RSS_TARGET_MIB = 50;

const mib = (bytes: number) => bytes / MiB;
const rate = (bytes: number, ms: number) => `${(mib(bytes) / (ms / 1000)).toFixed(0).padStart(6)} MiB/s`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)} s`;

/** The pid listening on a TCP port, found through /proc (the socket's inode among a process's fds). */
function pidListeningOn(port: number): number | undefined {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === "0A" && cols[9]) inodes.add(cols[9]);
    }
  }
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      for (const fd of fs.readdirSync(`/proc/${entry}/fd`)) {
        const link = fs.readlinkSync(`/proc/${entry}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
        if (inode && inodes.has(inode)) return Number(entry);
      }
    } catch {
      // a process that ended, or one we may not look into
    }
  }
  return undefined;
}

function status(pid: number, field: "VmRSS" | "VmHWM"): number {
  const text = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? 0) * 1024;
}

/** Resets the kernel's peak-RSS mark (VmHWM) of a process we own; false where not allowed. */
let kernelPeak = true;
function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    kernelPeak = false;
    return false;
  }
}

/**
 * A process's peak RSS while `work` runs, in bytes: the kernel's own high-water mark when it can
 * be reset, so no short spike between samples is missed, and frequent samples besides.
 */
async function peakRssDuring<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  const exact = resetPeak(pid);
  let peak = status(pid, "VmRSS");
  const timer = setInterval(() => (peak = Math.max(peak, status(pid, "VmRSS"))), 5);
  try {
    const result = await work();
    peak = Math.max(peak, status(pid, "VmRSS"), exact ? status(pid, "VmHWM") : 0);
    return { result, peak };
  } finally {
    clearInterval(timer);
  }
}

async function drain(body: ReadableStream<Uint8Array> | null, hash?: ReturnType<typeof createHash>): Promise<number> {
  let n = 0;
  if (!body) return n;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return n;
    n += value.byteLength;
    hash?.update(value);
  }
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-bench-"));
  const videoId = randomUUID();
  const key = `videos/${videoId}.mp4`;
  const file = path.join(dataDir, "media", key);

  // 1. A 200 MiB file in the archive, and the rows that say it is there.
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const hash = createHash("sha256");
  const fd = fs.openSync(file, "w");
  for (let written = 0; written < FILE_BYTES; written += MiB) {
    const chunk = randomBytes(MiB);
    hash.update(chunk);
    fs.writeSync(fd, chunk);
  }
  fs.closeSync(fd);
  const sha256 = hash.digest("hex");
  const db = await openDatabase({ dataDir });
  const now = new Date().toISOString();
  const taskId = randomUUID();
  await tasksRepo.insertTask(db, {
    id: taskId,
    request: { prompt: "benchmark", model: "sora-2", size: "large", duration: 25, orientation: "landscape" },
    now,
  });
  // The provider's link is long expired: whatever is served comes from the archive.
  await tasksRepo.updateTaskIf(db, taskId, "queued", { state: "succeeded", updated_at: now, finished_at: now }, [
    {
      id: videoId,
      upstreamId: "bench",
      sourceUrl: "https://provider.invalid/video.mp4",
      expiresAt: "2000-01-01T00:00:00.000Z",
    },
  ]);
  await videosRepo.recordArchived(db, videoId, { key, size: FILE_BYTES, sha256, contentType: "video/mp4", at: now });
  await db.destroy();

  // 2. The studio, and the process that actually serves its port.
  const studio = await startStudio(
    {
      LOG_LEVEL: "warn",
      ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
    },
    dataDir,
  );
  try {
    const url = `${studio.url}/api/media/${videoId}`;
    const port = Number(new URL(studio.url).port);
    const pid = pidListeningOn(port);
    if (!pid) throw new Error(`no process found listening on port ${port}`);
    // Warm up: load the route and open the database, so that is not counted as serving cost.
    for (let i = 0; i < 3; i++) await drain((await fetch(url, { headers: { range: "bytes=0-1048575" } })).body);
    const head = await fetch(url, { method: "HEAD" });
    if (head.headers.get("etag") !== `"${sha256}"`) throw new Error(`unexpected ETag ${head.headers.get("etag")}`);
    const baseline = status(pid, "VmRSS");

    // 3a. Reading the file directly (page cache warm: it was just written), best of two.
    let directMs = Infinity;
    let direct = 0;
    for (let run = 0; run < 2; run++) {
      const start = performance.now();
      direct = 0;
      for await (const chunk of fs.createReadStream(file, { highWaterMark: 256 * 1024 }))
        direct += (chunk as Buffer).length;
      directMs = Math.min(directMs, performance.now() - start);
    }

    // 3b. The same bytes through the media route (best of two, neither side hashing, as in 3a),
    // then once more with a sha256 to prove they are the file's.
    const full = await peakRssDuring(pid, async () => {
      let best = { status: 0, bytes: 0, ms: Infinity };
      for (let run = 0; run < 2; run++) {
        const start = performance.now();
        const res = await fetch(url);
        const bytes = await drain(res.body);
        const ms = performance.now() - start;
        if (ms < best.ms) best = { status: res.status, bytes, ms };
      }
      const fullHash = createHash("sha256");
      await drain((await fetch(url)).body, fullHash);
      return { ...best, sha256: fullHash.digest("hex") };
    });
    if (full.result.status !== 200 || full.result.bytes !== FILE_BYTES || full.result.sha256 !== sha256)
      throw new Error("the full download did not return the file");

    // 3c. Random 1 MiB ranges, one after another, each checked against the file.
    const fh = await fs.promises.open(file, "r");
    const latencies: number[] = [];
    const ranges = await peakRssDuring(pid, async () => {
      const start = performance.now();
      let bytes = 0;
      const checks: { from: number; got: string }[] = [];
      for (let i = 0; i < RANGES; i++) {
        const from = Math.floor(Math.random() * (FILE_BYTES - RANGE_BYTES));
        const begin = performance.now();
        const res = await fetch(url, { headers: { range: `bytes=${from}-${from + RANGE_BYTES - 1}` } });
        if (res.status !== 206) throw new Error(`range answered ${res.status}`);
        const h = createHash("sha256");
        bytes += await drain(res.body, h);
        latencies.push(performance.now() - begin);
        checks.push({ from, got: h.digest("hex") });
      }
      return { bytes, ms: performance.now() - start, checks };
    });
    for (const { from, got } of ranges.result.checks) {
      const expected = Buffer.alloc(RANGE_BYTES);
      await fh.read(expected, 0, RANGE_BYTES, from);
      if (createHash("sha256").update(expected).digest("hex") !== got)
        throw new Error(`range at ${from} returned the wrong bytes`);
    }
    await fh.close();
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;

    // 3d. Several viewers at once.
    const parallel = await peakRssDuring(pid, async () => {
      const start = performance.now();
      const sizes = await Promise.all(Array.from({ length: PARALLEL }, async () => drain((await fetch(url)).body)));
      return {
        bytes: sizes.reduce((a, b) => a + b, 0),
        ms: performance.now() - start,
        complete: sizes.every((s) => s === FILE_BYTES),
      };
    });
    if (!parallel.result.complete) throw new Error("a parallel download came back short");

    // 3e. A viewer that stops reading (a paused video): the server must wait, not buffer the rest.
    const stalled = await peakRssDuring(pid, async () => {
      const res = await fetch(url);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      let got = 0;
      while (got < 8 * MiB) got += (await reader.read()).value?.byteLength ?? 0;
      await new Promise((r) => setTimeout(r, 3_000));
      await reader.cancel();
      return got;
    });

    const peak = Math.max(full.peak, ranges.peak, parallel.peak, stalled.peak);
    const growth = mib(peak - baseline);
    const line = (label: string, ms: number, bytes: number, extra = "") =>
      console.log(`${label.padEnd(38)} ${secs(ms)}  ${rate(bytes, ms)}${extra}`);
    console.log(
      `\nArchived video: ${mib(FILE_BYTES).toFixed(0)} MiB, sha256 ${sha256.slice(0, 16)}…, served by pid ${pid} (${os.cpus().length} CPUs, Node ${process.version})\n`,
    );
    console.log(`${"".padEnd(38)} ${"time".padStart(8)}  ${"throughput".padStart(12)}`);
    line("fs.createReadStream (direct)", directMs, direct);
    line(
      "GET /api/media/:id (full, 200)",
      full.result.ms,
      full.result.bytes,
      `   ${((full.result.bytes / full.result.ms / (direct / directMs)) * 100).toFixed(0)}% of direct`,
    );
    line(
      `${RANGES} × 1 MiB Range (206, sequential)`,
      ranges.result.ms,
      ranges.result.bytes,
      `   ${(RANGES / (ranges.result.ms / 1000)).toFixed(0)} req/s, p50 ${pct(0.5).toFixed(1)} ms, p95 ${pct(0.95).toFixed(1)} ms`,
    );
    line(`${PARALLEL} parallel full GETs`, parallel.result.ms, parallel.result.bytes, "   (aggregate)");
    console.log(
      `${"paused viewer (8 MiB read, 3 s stall)".padEnd(38)} ${secs(3_000)}  ${`${mib(stalled.result).toFixed(0)} MiB read`.padStart(12)}`,
    );
    console.log(
      `\nServer RSS: baseline ${mib(baseline).toFixed(1)} MiB, peak ${mib(peak).toFixed(1)} MiB, growth ${growth.toFixed(1)} MiB (${kernelPeak ? "kernel VmHWM + 5 ms samples" : "5 ms samples of VmRSS"})`,
    );
    console.log(
      `  peak growth per phase: full ${mib(full.peak - baseline).toFixed(1)}, ranges ${mib(ranges.peak - baseline).toFixed(1)}, parallel ${mib(parallel.peak - baseline).toFixed(1)}, paused ${mib(stalled.peak - baseline).toFixed(1)} MiB`,
    );
    console.log(`  target < ${RSS_TARGET_MIB} MiB: ${growth < RSS_TARGET_MIB ? "PASS" : "FAIL"}`);
    process.exitCode = growth < RSS_TARGET_MIB ? 0 : 1;
  } finally {
    await studio.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
