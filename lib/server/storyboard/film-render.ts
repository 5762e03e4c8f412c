import "server-only";
import fs from "node:fs";
import path from "node:path";
import { filmTimeline } from "@/lib/schemas/board";
import { probeMedia, runTool, type MediaInfo } from "../media/ffmpeg";

// Rendering a storyboard's film with ffmpeg. When every take already has the film's frame size,
// codec and rate and nothing is trimmed or faded, the takes are joined as they are (stream copy:
// seconds for minutes of film). Otherwise each take is cut to its played span, scaled into the
// film's frame with black bars where its shape differs (letterbox or pillarbox, never cropped),
// brought to one frame rate, and joined with cuts or crossfades, then encoded once (H.264 +
// AAC, faststart, so the result plays while it downloads). Progress comes from ffmpeg's own
// `-progress` report of how much of the output it has written.

export type FilmInput = { file: string; start: number; end: number };
export type FilmSpec = { width: number; height: number; crossfade: number };
export type ProbedInput = FilmInput & { info: MediaInfo };

/** The most frames per second a film gets; takes at a lower rate set it lower. */
const MAX_FPS = 30;
/** x264's speed/size trade: veryfast encodes 720p several times faster than real time on 2 cores. */
const X264_PRESET = "veryfast";
const X264_CRF = "20";
const AUDIO_RATE = 48_000;
/** A render longer than this is stuck, whatever the film (10 minutes of film at real time is 600 s). */
export const RENDER_TIMEOUT_MS = 30 * 60_000;

export async function probeInputs(inputs: FilmInput[], signal?: AbortSignal): Promise<ProbedInput[]> {
  const probed: ProbedInput[] = [];
  for (const input of inputs) {
    const info = await probeMedia(input.file, signal);
    // The real file decides: a trim past its end stops at its end.
    const end = Math.min(input.end, info.durationS);
    probed.push({ ...input, end, start: Math.min(input.start, Math.max(0, end - 0.5)), info });
  }
  return probed;
}

/** Whether the takes can be joined without re-encoding: same frame, codec and rate, no trim, no fade. */
export function canCopy(inputs: ProbedInput[], spec: FilmSpec): boolean {
  const [first] = inputs;
  if (!first || spec.crossfade > 0) return false;
  return inputs.every(
    (i) =>
      i.start === 0 &&
      Math.abs(i.end - i.info.durationS) < 0.05 &&
      i.info.width === spec.width &&
      i.info.height === spec.height &&
      i.info.videoCodec === first.info.videoCodec &&
      Math.abs(i.info.fps - first.info.fps) < 0.01 &&
      i.info.hasAudio === first.info.hasAudio,
  );
}

/** The film's frame rate: the highest of its takes', at most MAX_FPS. */
export function filmFps(inputs: ProbedInput[]): number {
  const fps = Math.max(1, ...inputs.map((i) => i.info.fps).filter((f) => f > 0 && Number.isFinite(f)));
  return Math.min(MAX_FPS, Math.round(fps * 1000) / 1000);
}

const progressArgs = ["-progress", "pipe:1", "-nostats"];

/** ffmpeg arguments for the concat demuxer (stream copy); `list` is the file naming the takes. */
export function copyArgs(list: string, output: string): string[] {
  return [
    ...["-hide_banner", "-loglevel", "error", "-nostdin", "-y"],
    ...progressArgs,
    ...["-f", "concat", "-safe", "0", "-i", list],
    ...["-c", "copy", "-movflags", "+faststart", output],
  ];
}

/** ffmpeg arguments that cut, letterbox, join (cut or crossfade) and encode the takes into one film. */
export function encodeArgs(inputs: ProbedInput[], spec: FilmSpec, output: string): string[] {
  const { width: w, height: h } = spec;
  const fps = filmFps(inputs);
  const durations = inputs.map((i) => i.end - i.start);
  const timeline = filmTimeline(durations, spec.crossfade);
  const withAudio = inputs.some((i) => i.info.hasAudio);
  const filters: string[] = [];
  inputs.forEach((input, i) => {
    const d = (durations[i] as number).toFixed(3);
    // Cut exactly (trim by time on decoded frames), then fit inside the frame and pad the rest black.
    filters.push(
      `[${i}:v]trim=start=${input.start.toFixed(3)}:duration=${d},setpts=PTS-STARTPTS,` +
        `scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:color=black,` +
        `setsar=1,fps=${fps},format=yuv420p[v${i}]`,
    );
    if (withAudio) {
      filters.push(
        input.info.hasAudio
          ? `[${i}:a]atrim=start=${input.start.toFixed(3)}:duration=${d},asetpts=PTS-STARTPTS,aresample=${AUDIO_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo[a${i}]`
          : `anullsrc=r=${AUDIO_RATE}:cl=stereo,atrim=duration=${d}[a${i}]`,
      );
    }
  });
  const n = inputs.length;
  if (timeline.crossfade > 0 && n > 1) {
    const fade = timeline.crossfade.toFixed(3);
    let video = "v0";
    let audio = "a0";
    for (let i = 1; i < n; i++) {
      const last = i === n - 1;
      filters.push(
        `[${video}][v${i}]xfade=transition=fade:duration=${fade}:offset=${(timeline.starts[i] as number).toFixed(3)}${last ? "[vout]" : `[vx${i}]`}`,
      );
      video = `vx${i}`;
      if (withAudio) {
        filters.push(`[${audio}][a${i}]acrossfade=d=${fade}${last ? "[aout]" : `[ax${i}]`}`);
        audio = `ax${i}`;
      }
    }
  } else {
    const pads = inputs.map((_, i) => `[v${i}]${withAudio ? `[a${i}]` : ""}`).join("");
    filters.push(`${pads}concat=n=${n}:v=1:a=${withAudio ? 1 : 0}[vout]${withAudio ? "[aout]" : ""}`);
  }
  // A single take with no fade still goes through concat=n=1: one code path for every film.
  return [
    ...["-hide_banner", "-loglevel", "error", "-nostdin", "-y"],
    ...progressArgs,
    ...inputs.flatMap((i) => ["-i", i.file]),
    ...["-filter_complex", filters.join(";"), "-map", "[vout]", ...(withAudio ? ["-map", "[aout]"] : [])],
    ...["-c:v", "libx264", "-preset", X264_PRESET, "-crf", X264_CRF, "-pix_fmt", "yuv420p", "-r", String(fps)],
    ...(withAudio ? ["-c:a", "aac", "-b:a", "160k"] : []),
    ...["-movflags", "+faststart", output],
  ];
}

/** The film's length in seconds, as rendered. */
export function filmLength(inputs: ProbedInput[], spec: FilmSpec): number {
  return filmTimeline(
    inputs.map((i) => i.end - i.start),
    spec.crossfade,
  ).total;
}

/**
 * Renders the film into `output`. `onProgress` hears the fraction done (0–1) as ffmpeg reports
 * it; the abort signal stops ffmpeg at once. Resolves how it was made.
 */
export async function renderFilm(
  inputs: ProbedInput[],
  spec: FilmSpec,
  output: string,
  options: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
): Promise<{ mode: "copy" | "encode"; lengthS: number }> {
  const lengthS = filmLength(inputs, spec);
  const onLine = (line: string) => {
    const match = /^out_time_(?:us|ms)=(\d+)$/.exec(line);
    // ffmpeg reports out_time_ms in microseconds too (a long-standing misnomer).
    if (match && lengthS > 0) options.onProgress?.(Math.min(1, Number(match[1]) / 1e6 / lengthS));
  };
  const copy = canCopy(inputs, spec);
  let args: string[];
  if (copy) {
    const list = path.join(path.dirname(output), "inputs.txt");
    await fs.promises.writeFile(list, inputs.map((i) => `file '${i.file.replace(/'/g, "'\\''")}'\n`).join(""));
    args = copyArgs(list, output);
  } else args = encodeArgs(inputs, spec, output);
  await runTool("ffmpeg", args, { timeoutMs: RENDER_TIMEOUT_MS, signal: options.signal, onLine });
  options.onProgress?.(1);
  return { mode: copy ? "copy" : "encode", lengthS };
}
