// Benchmark of the storyboard film export (issue 8): 6 shots of 10 s at 1280×720, 30 fps, with
// sound, like Sora's small landscape videos, rendered by the export's own code
// (lib/server/storyboard/film-render.ts) in the three ways it can run, side by side:
//   copy      the takes match and nothing is trimmed or faded: joined without re-encoding;
//   encode    each take trimmed by 0.5 s at both ends: cut, letterboxed, joined, encoded once;
//   crossfade 0.5 s crossfades between shots, plus one portrait take to letterbox.
// For each: wall time, the film's length, speed against real time (target: faster than real
// time on this 2-core machine), and ffmpeg's peak memory (VmHWM, read from /proc while it runs).
// Run: `npm run bench:film`. Needs ffmpeg; no build.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { forEachProcess, rerunUnderReactServer } from "./support";

rerunUnderReactServer();

const SHOTS = 6;
const SECONDS = 10;
const MiB = 1024 * 1024;

const { probeInputs, renderFilm } = await import("../lib/server/storyboard/film-render");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-film-"));

function makeClip(i: number, size: string): string {
  const file = path.join(dir, `shot-${i}-${size}.mp4`);
  // testsrc2 moves every frame: an honest load for the encoder (a flat colour would flatter it).
  execFileSync("ffmpeg", [
    ...["-hide_banner", "-loglevel", "error", "-y"],
    ...[
      "-f",
      "lavfi",
      "-i",
      `testsrc2=s=${size}:r=30:d=${SECONDS}`,
      "-f",
      "lavfi",
      "-i",
      `sine=frequency=${220 * (i + 1)}:duration=${SECONDS}`,
    ],
    ...["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file],
  ]);
  return file;
}

/** Children of this process named ffmpeg, and their peak resident memory so far. */
function ffmpegPeakBytes(): number {
  let peak = 0;
  forEachProcess("status", (_pid, status) => {
    if (!/^Name:\s+ffmpeg$/m.test(status) || Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid) return;
    peak = Math.max(peak, Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0) * 1024);
  });
  return peak;
}

type Row = { name: string; mode: string; wallS: number; filmS: number; peakMiB: number; outMiB: number };

async function run(name: string, files: string[], trim: number, crossfade: number): Promise<Row> {
  const inputs = await probeInputs(files.map((file) => ({ file, start: trim, end: SECONDS - trim })));
  const output = path.join(dir, `${name}.mp4`);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, ffmpegPeakBytes())), 25);
  const started = process.hrtime.bigint();
  const result = await renderFilm(inputs, { width: 1280, height: 720, crossfade }, output);
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  const probed = Number(
    execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", output]).toString(),
  );
  if (Math.abs(probed - result.lengthS) > 0.2)
    throw new Error(`${name}: the film is ${probed} s, expected ${result.lengthS} s`);
  return {
    name,
    mode: result.mode,
    wallS,
    filmS: result.lengthS,
    peakMiB: peak / MiB,
    outMiB: fs.statSync(output).size / MiB,
  };
}

try {
  console.log(`making ${SHOTS} × ${SECONDS} s 1280×720 30 fps clips with sound…`);
  const landscape = Array.from({ length: SHOTS }, (_, i) => makeClip(i, "1280x720"));
  const portrait = makeClip(99, "720x1280");
  const rows = [
    await run("copy", landscape, 0, 0),
    await run("encode", landscape, 0.5, 0),
    await run("crossfade", [...landscape.slice(0, SHOTS - 1), portrait], 0, 0.5),
  ];
  console.log(`\nfilm export, ${SHOTS} × ${SECONDS} s 720p shots, ${os.cpus().length} cores`);
  console.log("way        mode    film s  wall s  × real time  ffmpeg peak MiB  output MiB");
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(10)} ${r.mode.padEnd(7)} ${r.filmS.toFixed(1).padStart(6)}  ${r.wallS.toFixed(2).padStart(6)}  ${(r.filmS / r.wallS).toFixed(1).padStart(11)}  ${r.peakMiB.toFixed(0).padStart(15)}  ${r.outMiB.toFixed(1).padStart(10)}`,
    );
  }
  const slowest = rows.reduce((a, b) => (a.filmS / a.wallS < b.filmS / b.wallS ? a : b));
  console.log(
    `\nslowest: ${slowest.name}, ${(slowest.filmS / slowest.wallS).toFixed(1)}× real time (target: > 1×) ${slowest.filmS / slowest.wallS > 1 ? "met" : "NOT met"}`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
