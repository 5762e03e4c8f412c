import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { FRAME_SIZES, type Orientation, type Size } from "@/lib/schemas/rules";

// Real MP4s (H.264, yuv420p, faststart) for the emulator: rendered by ffmpeg with the prompt
// drawn on them when ffmpeg is installed, otherwise picked from the small bundled set made
// by scripts/make-emulator-assets.sh. Either way they match orientation, size tier and duration.

export type VideoSpec = { prompt: string; model: string; size: Size; orientation: Orientation; duration: number };

const FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
export const ASSETS_DIR = path.join(process.cwd(), "lib", "emulator", "assets");

export function assetName(spec: Pick<VideoSpec, "size" | "orientation" | "duration">): string {
  return `${spec.orientation}-${spec.size}-${spec.duration}s.mp4`;
}

let ffmpegAvailable: Promise<boolean> | undefined;
function hasFfmpeg(): Promise<boolean> {
  ffmpegAvailable ??= new Promise((resolve) => execFile("ffmpeg", ["-version"], (error) => resolve(!error)));
  return ffmpegAvailable;
}

function wrap(text: string, width: number, maxLines: number): string {
  const words = text.replace(/\s+/g, " ").trim().split(" ");
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    if (`${line} ${word}`.trim().length > width && line) {
      lines.push(line);
      line = word;
    } else line = `${line} ${word}`.trim();
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    lines.length = maxLines;
    lines[maxLines - 1] = `${lines[maxLines - 1]}…`;
  }
  return lines.join("\n");
}

export function ffmpegArgs(spec: VideoSpec, textFile: string | null, out: string, fps = 24): string[] {
  const { width, height } = FRAME_SIZES[spec.size][spec.orientation];
  const fontSize = Math.round(Math.min(width, height) / 14);
  const filters = textFile
    ? [
        `drawtext=fontfile=${FONT}:textfile=${textFile}:fontcolor=white:fontsize=${fontSize}:line_spacing=${Math.round(fontSize / 3)}:box=1:boxcolor=black@0.45:boxborderw=${Math.round(fontSize / 2)}:x=(w-text_w)/2:y=(h-text_h)/2`,
        `drawtext=fontfile=${FONT}:text='${spec.model} · ${spec.duration}s · %{pts\\:hms}':fontcolor=white@0.85:fontsize=${Math.round(fontSize * 0.7)}:x=${fontSize}:y=h-${fontSize * 2}`,
      ]
    : [];
  return [
    "-hide_banner",
    "-loglevel",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `gradients=s=${width}x${height}:d=${spec.duration}:r=${fps}:speed=0.015:c0=0x1e1b4b:c1=0x7c3aed:c2=0x0ea5e9:nb_colors=3`,
    ...(filters.length ? ["-vf", filters.join(",")] : []),
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-crf",
    "32",
    "-pix_fmt",
    "yuv420p",
    "-movflags",
    "+faststart",
    out,
  ];
}

// At most two ffmpeg processes at once: a burst of submissions queues instead of starving the server.
const RENDER_SLOTS = 2;
let rendersRunning = 0;
const waitingRenders: (() => void)[] = [];

async function withRenderSlot<T>(work: () => Promise<T>): Promise<T> {
  if (rendersRunning >= RENDER_SLOTS) await new Promise<void>((resolve) => waitingRenders.push(resolve));
  rendersRunning++;
  try {
    return await work();
  } finally {
    rendersRunning--;
    waitingRenders.shift()?.();
  }
}

/** Produces the MP4 for a task and returns its path; never throws (falls back to the bundled set). */
export async function produceVideo(
  spec: VideoSpec,
  cacheDir: string,
  mode: "ffmpeg" | "bundled" = "ffmpeg",
): Promise<string> {
  const fallback = path.join(ASSETS_DIR, assetName(spec));
  if (mode === "bundled" || !(await hasFfmpeg())) return fallback;
  const key = createHash("sha256")
    .update(JSON.stringify([spec.prompt, spec.model, spec.size, spec.orientation, spec.duration]))
    .digest("hex")
    .slice(0, 24);
  const out = path.join(cacheDir, `${key}.mp4`);
  if (fs.existsSync(out)) return out;
  // Identical requests (a repeated variation) share one render: two ffmpegs writing the same
  // partial file would leave one of them unable to move it into place.
  const running = rendersByFile.get(out);
  if (running) return running;
  const render = renderVideo(spec, key, out, fallback, cacheDir).finally(() => rendersByFile.delete(out));
  rendersByFile.set(out, render);
  return render;
}

const rendersByFile = new Map<string, Promise<string>>();

async function renderVideo(
  spec: VideoSpec,
  key: string,
  out: string,
  fallback: string,
  cacheDir: string,
): Promise<string> {
  fs.mkdirSync(cacheDir, { recursive: true });
  const { width } = FRAME_SIZES[spec.size][spec.orientation];
  const textFile = path.join(cacheDir, `${key}.txt`);
  fs.writeFileSync(textFile, wrap(spec.prompt, Math.max(18, Math.round(width / 40)), 6));
  const partial = `${out}.${process.pid}.partial.mp4`;
  const ok = await withRenderSlot(
    () =>
      new Promise<boolean>((resolve) =>
        execFile("ffmpeg", ffmpegArgs(spec, textFile, partial), { timeout: 120_000 }, (error) => resolve(!error)),
      ),
  );
  fs.rmSync(textFile, { force: true });
  if (!ok) {
    fs.rmSync(partial, { force: true });
    return fallback;
  }
  fs.renameSync(partial, out);
  return out;
}
