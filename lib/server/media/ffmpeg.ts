import "server-only";
import { spawn } from "node:child_process";
import os from "node:os";
import { processSingleton } from "@/lib/shared/process-singleton";

// Running ffmpeg and ffprobe: one place that knows how to start them at a lowered CPU priority,
// with a deadline, a cap on what they may write, an abort signal and their last words kept for
// the error. Posters, storyboard frames and film exports all go through here.

/** How to install ffmpeg, said wherever a feature needs it and it is missing. */
export const FFMPEG_INSTALL_HINT =
  "Install ffmpeg on the studio's server (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg) and restart the studio.";

const PROBE_TIMEOUT_MS = 5_000;
/** Added to ffmpeg's niceness (0–19) so the server's own answers come first. */
const FFMPEG_NICENESS = 10;

export class FfmpegError extends Error {
  constructor(
    message: string,
    /** True when the run was stopped by its abort signal (a cancelled export). */
    readonly aborted = false,
  ) {
    super(message);
    this.name = "FfmpegError";
  }
}

/** Whether ffmpeg (and ffprobe, which ships with it) runs here; asked once per process. */
export function ffmpegInstalled(): Promise<boolean> {
  return processSingleton<{ installed: Promise<boolean> }>("ffmpeg-installed", () => ({
    installed: Promise.all([
      runTool("ffmpeg", ["-version"], { timeoutMs: PROBE_TIMEOUT_MS }),
      runTool("ffprobe", ["-version"], { timeoutMs: PROBE_TIMEOUT_MS }),
    ]).then(
      () => true,
      () => false,
    ),
  })).installed;
}

export type RunOptions = {
  timeoutMs: number;
  /** Most bytes stdout may carry (default 64 MiB); more stops the run. */
  maxBytes?: number;
  signal?: AbortSignal;
  /** Each complete line ffmpeg writes on stdout (with `-progress pipe:1`), as it comes. */
  onLine?: (line: string) => void;
};

/** Runs ffmpeg or ffprobe; resolves its stdout, rejects with an FfmpegError carrying its last words. */
export function runTool(tool: "ffmpeg" | "ffprobe", args: string[], options: RunOptions): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? 64 * 1024 ** 2;
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new FfmpegError(`${tool} was cancelled`, true));
    const child = spawn(tool, args, { stdio: ["ignore", "pipe", "pipe"] });
    if (child.pid !== undefined) {
      try {
        os.setPriority(child.pid, Math.min(19, os.getPriority(child.pid) + FFMPEG_NICENESS));
      } catch {
        // Not allowed here (some containers): it runs at normal priority.
      }
    }
    const out: Buffer[] = [];
    let size = 0;
    let stderr = "";
    let pending = "";
    let failure: FfmpegError | undefined;
    const stop = (error: FfmpegError) => {
      failure ??= error;
      child.kill("SIGKILL");
    };
    const onAbort = () => stop(new FfmpegError(`${tool} was cancelled`, true));
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(
      () => stop(new FfmpegError(`${tool} did not finish within ${options.timeoutMs / 1000} s`)),
      options.timeoutMs,
    );
    const finish = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    };
    child.stdout.on("data", (chunk: Buffer) => {
      if (options.onLine) {
        const lines = (pending + chunk.toString("utf8")).split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) options.onLine(line.trim());
        return;
      }
      size += chunk.length;
      if (size > maxBytes) stop(new FfmpegError(`${tool} wrote more than ${maxBytes} bytes`));
      else out.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-800);
    });
    child.on("error", (error) => {
      finish();
      reject(new FfmpegError(`${tool} could not start: ${error.message}`));
    });
    child.on("close", (code) => {
      finish();
      if (failure) reject(failure);
      else if (code !== 0)
        reject(new FfmpegError(`${tool} exited with ${code}: ${stderr.trim().split("\n").pop() ?? ""}`));
      else resolve(Buffer.concat(out));
    });
  });
}

export type MediaInfo = {
  durationS: number;
  width: number;
  height: number;
  fps: number;
  hasAudio: boolean;
  videoCodec: string;
};

/** What a media file holds, read by ffprobe: its length, its first video stream's frame, and whether it has sound. */
export async function probeMedia(file: string, signal?: AbortSignal): Promise<MediaInfo> {
  const out = await runTool(
    "ffprobe",
    [
      "-v",
      "error",
      "-show_entries",
      "format=duration:stream=codec_type,codec_name,width,height,avg_frame_rate",
      "-of",
      "json",
      file,
    ],
    {
      timeoutMs: 15_000,
      maxBytes: 1024 * 1024,
      signal,
    },
  );
  const info = JSON.parse(out.toString("utf8")) as {
    format?: { duration?: string };
    streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number; avg_frame_rate?: string }[];
  };
  const video = info.streams?.find((s) => s.codec_type === "video");
  const durationS = Number(info.format?.duration);
  if (!video?.width || !video.height || !Number.isFinite(durationS))
    throw new FfmpegError("This file has no readable video stream");
  const [num, den] = (video.avg_frame_rate ?? "0/1").split("/").map(Number);
  return {
    durationS,
    width: video.width,
    height: video.height,
    fps: num && den ? num / den : 0,
    hasAudio: info.streams?.some((s) => s.codec_type === "audio") ?? false,
    videoCodec: video.codec_name ?? "",
  };
}
