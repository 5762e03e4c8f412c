import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DURATIONS, FRAME_SIZES, ORIENTATIONS, SIZES } from "@/lib/schemas/catalog";

// Real MP4s (H.264, yuv420p, faststart) for the emulator: rendered by ffmpeg with the prompt
// drawn on them when ffmpeg is installed, otherwise picked from the small bundled set made
// by scripts/make-emulator-assets.ts. Either way they match the asked frame size and duration
// (without ffmpeg, a shape the bundled set lacks gets the nearest bundled clip).

export type VideoSpec = { prompt: string; model: string; width: number; height: number; duration: number };

const FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
export const ASSETS_DIR = path.join(process.cwd(), "lib", "emulator", "assets");

/** The bundled clip of exactly this frame and length (Sora's shapes), or null. */
export function assetName(spec: Pick<VideoSpec, "width" | "height" | "duration">): string | null {
  if (!(DURATIONS as readonly number[]).includes(spec.duration)) return null;
  for (const size of SIZES)
    for (const orientation of ORIENTATIONS) {
      const frame = FRAME_SIZES[size][orientation];
      if (frame.width === spec.width && frame.height === spec.height)
        return `${orientation}-${size}-${spec.duration}s.mp4`;
    }
  return null;
}

/** The bundled clip closest in shape and length, for a machine without ffmpeg. */
function nearestAsset(spec: Pick<VideoSpec, "width" | "height" | "duration">): string {
  const ratio = spec.width / spec.height;
  const orientation = ratio > 1.1 ? "landscape" : ratio < 0.9 ? "portrait" : "square";
  const size = Math.min(spec.width, spec.height) > 900 ? "large" : "small";
  const duration = [...DURATIONS].sort((a, b) => Math.abs(a - spec.duration) - Math.abs(b - spec.duration))[0];
  return `${orientation}-${size}-${duration}s.mp4`;
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
  const { width, height } = spec;
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
  const exact = assetName(spec);
  const fallback = path.join(ASSETS_DIR, exact ?? nearestAsset(spec));
  if (!(await hasFfmpeg()) || (mode === "bundled" && exact)) return fallback;
  // Bundled mode and a shape the set lacks: a quick clip without text, as small as the bundled ones.
  const quick = mode === "bundled";
  const key = createHash("sha256")
    .update(JSON.stringify([quick ? "" : spec.prompt, spec.model, spec.width, spec.height, spec.duration, quick]))
    .digest("hex")
    .slice(0, 24);
  const out = path.join(cacheDir, `${key}.mp4`);
  if (fs.existsSync(out)) return out;
  // Identical requests (a repeated variation) share one render: two ffmpegs writing the same
  // partial file would leave one of them unable to move it into place.
  const running = rendersByFile.get(out);
  if (running) return running;
  const render = renderVideo(spec, key, out, fallback, cacheDir, quick).finally(() => rendersByFile.delete(out));
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
  quick: boolean,
): Promise<string> {
  fs.mkdirSync(cacheDir, { recursive: true });
  const textFile = quick ? null : path.join(cacheDir, `${key}.txt`);
  if (textFile) fs.writeFileSync(textFile, wrap(spec.prompt, Math.max(18, Math.round(spec.width / 40)), 6));
  const partial = `${out}.${process.pid}.partial.mp4`;
  const args = quick ? bundledArgs(spec, partial) : ffmpegArgs(spec, textFile, partial);
  const ok = await withRenderSlot(
    () => new Promise<boolean>((resolve) => execFile("ffmpeg", args, { timeout: 120_000 }, (error) => resolve(!error))),
  );
  if (textFile) fs.rmSync(textFile, { force: true });
  if (!ok) {
    fs.rmSync(partial, { force: true });
    return fallback;
  }
  fs.renameSync(partial, out);
  return out;
}

/** The bundled set's settings: 4 fps and a high CRF keep a clip small; playback is still real H.264. */
export function bundledArgs(spec: VideoSpec, out: string): string[] {
  return ffmpegArgs(spec, null, out, 4).map((a) => (a === "32" ? "45" : a));
}

/** A JPEG of the clip's first or last frame (a thumbnail, a returned last frame), or null without ffmpeg. */
export async function stillImage(video: string, which: "first" | "last", cacheDir: string): Promise<string | null> {
  const out = path.join(cacheDir, `${path.basename(video, ".mp4")}-${which}.jpg`);
  if (fs.existsSync(out)) return out;
  if (!(await hasFfmpeg())) return null;
  fs.mkdirSync(cacheDir, { recursive: true });
  const partial = `${out}.${process.pid}.partial.jpg`;
  const seek = which === "last" ? ["-sseof", "-0.5"] : [];
  const ok = await new Promise<boolean>((resolve) =>
    execFile(
      "ffmpeg",
      ["-hide_banner", "-loglevel", "error", "-y", ...seek, "-i", video, "-frames:v", "1", "-q:v", "4", partial],
      { timeout: 30_000 },
      (error) => resolve(!error),
    ),
  );
  if (!ok || !fs.existsSync(partial)) {
    fs.rmSync(partial, { force: true });
    return null;
  }
  fs.renameSync(partial, out);
  return out;
}
