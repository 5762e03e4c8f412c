import "server-only";
import fs from "node:fs";
import path from "node:path";
import { db } from "../db";
import { findVideo } from "../db/tasks-repo";
import { AppError } from "../platform/errors";
import { FFMPEG_INSTALL_HINT, ffmpegInstalled, probeMedia, runTool } from "./ffmpeg";
import { fileFor, videoStorage } from "./storage";
import { storeUploadBytes } from "./uploads";
import { makeScratchDir, removeScratchDir } from "../platform/scratch-dir";

// A storyboard's continuity frame: the last frame the film shows of the previous shot, cut out
// of its archived copy by ffmpeg and kept as an ordinary reference-image upload, so the next
// shot's request names it like any image the person uploaded (and the same frame twice is one upload).

const FRAME_TIMEOUT_MS = 30_000;
/** A 1792×1024 JPEG at this quality is a few hundred KiB: far under the reference image cap. */
const JPEG_QUALITY = 2;
/** How far before the wanted time decoding starts: ffmpeg seeks to a keyframe at or before it. */
const LOOKBACK_S = 1;

export const ffmpegMissing = () =>
  new AppError(
    "ffmpeg_missing",
    `Continuing from the previous shot needs ffmpeg, which is not installed. ${FFMPEG_INSTALL_HINT}`,
  );

/**
 * ffmpeg arguments that write the last frame shown at or before `atS` as a JPEG: decode the
 * last second before it and keep overwriting one image (`-update 1`), so what remains is the
 * final frame, exact to the frame whatever the keyframe spacing.
 */
export function lastFrameArgs(input: string, atS: number, output: string): string[] {
  const from = Math.max(0, atS - LOOKBACK_S);
  return [
    ...["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-threads", "1"],
    ...["-ss", from.toFixed(3), "-i", input, "-t", Math.max(0.001, atS - from).toFixed(3), "-an"],
    ...["-update", "1", "-c:v", "mjpeg", "-q:v", String(JPEG_QUALITY), "-f", "image2", output],
  ];
}

/** The frame of an archived video at `atS` (its end when past it), as JPEG bytes. */
export async function extractFrame(archiveKey: string, atS: number): Promise<Buffer> {
  if (!(await ffmpegInstalled())) throw ffmpegMissing();
  const dir = await makeScratchDir("frame");
  try {
    const input = await fileFor(videoStorage(), archiveKey, dir);
    const { durationS } = await probeMedia(input);
    const output = path.join(dir, "frame.jpg");
    await runTool("ffmpeg", lastFrameArgs(input, Math.min(atS, durationS), output), { timeoutMs: FRAME_TIMEOUT_MS });
    const jpeg = await fs.promises.readFile(output).catch(() => Buffer.alloc(0));
    if (jpeg.length < 3 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error("ffmpeg produced no frame");
    return jpeg;
  } finally {
    await removeScratchDir(dir);
  }
}

/** The continuity frame of a take's video as an upload reference (`/api/uploads/<id>`). */
export async function continuityFrameUpload(videoId: string, atS: number): Promise<string> {
  const video = await findVideo(await db(), videoId);
  if (!video?.archive_key || !video.archived_at)
    throw new AppError(
      "not_archived",
      "The previous shot's video is still being copied to the studio; try again in a moment.",
    );
  const { upload } = await storeUploadBytes(await extractFrame(video.archive_key, atS), "reference");
  return upload.url;
}
