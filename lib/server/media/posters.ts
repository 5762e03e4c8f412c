import "server-only";
import { Readable } from "node:stream";
import { processSingleton } from "@/lib/shared/process-singleton";
import { db } from "../db";
import { attemptWithDatabase } from "./attempt";
import { ffmpegInstalled, runTool } from "./ffmpeg";
import * as videosRepo from "../db/videos-repo";
import { log } from "../platform/log";
import { fileFor, videoStorage, type VideoStorage } from "./storage";
import { makeScratchDir, removeScratchDir } from "../platform/scratch-dir";

// Posters: a JPEG of each archived video's first frame, at most POSTER_MAX_WIDTH wide, stored
// next to the copy so a gallery of hundreds of cards shows pictures without fetching video
// bytes. Made by ffmpeg when it is on the PATH; without it there are simply no posters (said
// once in the log) and archiving is unaffected. One ffmpeg at a time per process, at a lowered
// CPU priority: a poster is a nicety and must never slow the server's answers.

export const POSTER_MAX_WIDTH = 480;
export const POSTER_CONTENT_TYPE = "image/jpeg";
/** Tries per video; a file ffmpeg cannot read will not read next time either. */
export const POSTER_MAX_ATTEMPTS = 3;
/** Videos the backfill starts at once: small, so a studio with thousands of old videos catches up gently. */
export const POSTER_BACKFILL_BATCH = 2;
/** One frame of a Sora video takes well under a second; anything near this is a hung process. */
const FFMPEG_TIMEOUT_MS = 30_000;
/** A 480 px JPEG is tens of KiB; far more means ffmpeg is writing something else. */
const MAX_POSTER_BYTES = 2 * 1024 ** 2;
/** ffmpeg's JPEG quality scale: 2 (best) … 31; 4 looks clean at poster size. */
const JPEG_QUALITY = 4;

/** Where a video's poster lives: beside its archived copy. */
export function posterKey(archiveKey: string): string {
  return `${archiveKey}.poster.jpg`;
}

type PosterState = { ffmpeg?: Promise<boolean>; tail: Promise<unknown>; inFlight: Set<string> };
const state = () => processSingleton<PosterState>("posters", () => ({ tail: Promise.resolve(), inFlight: new Set() }));

/** Whether ffmpeg runs here; asked once per process, and its absence logged once. */
export function ffmpegAvailable(): Promise<boolean> {
  const s = state();
  s.ffmpeg ??= ffmpegInstalled().then((installed) => {
    if (!installed)
      log.warn("posters are off: ffmpeg is not on the PATH, so videos get no poster (archiving is unaffected)");
    return installed;
  });
  return s.ffmpeg;
}

/** True while no poster is being made or waiting: the backfill only runs then. */
export function postersIdle(): boolean {
  return state().inFlight.size === 0;
}

/**
 * Makes, stores and records the poster of one archived video. Never throws: a failure is
 * counted on the row (and retried by the backfill a few times), never passed on to the archive.
 * Resolves true when the video has a poster now.
 */
export async function makePoster(video: videosRepo.PosterCandidate): Promise<boolean> {
  const s = state();
  if (s.inFlight.has(video.id) || !(await ffmpegAvailable())) return false;
  s.inFlight.add(video.id);
  try {
    return await serially(() => makeAndRecord(video));
  } finally {
    s.inFlight.delete(video.id);
  }
}

async function makeAndRecord(video: videosRepo.PosterCandidate): Promise<boolean> {
  const key = posterKey(video.archive_key);
  const startedAt = Date.now();
  return attemptWithDatabase("poster", video.id, false, async (database) => {
    try {
      const poster = await renderPoster(videoStorage(), video.archive_key, key);
      if (
        !(await videosRepo.recordPoster(database, video.id, {
          key,
          sha256: poster.sha256,
          at: new Date().toISOString(),
        }))
      ) {
        // The task was deleted meanwhile (or another run got there first with the same key).
        const current = await database
          .selectFrom("videos")
          .select("poster_key")
          .where("id", "=", video.id)
          .executeTakeFirst();
        if (!current) await videoStorage().delete(key);
        return current?.poster_key === key;
      }
      log.info("poster made", { videoId: video.id, bytes: poster.size, ms: Date.now() - startedAt });
      return true;
    } catch (error) {
      await videosRepo.recordPosterFailure(database, video.id);
      log.warn("poster failed", { videoId: video.id, error: describe(error) });
      return false;
    }
  });
}

/**
 * Starts posters for a few archived videos that have none (archived before posters existed,
 * or whose earlier tries failed). The worker calls it when no poster is being made.
 */
export async function backfillPosters(
  limit = POSTER_BACKFILL_BATCH,
): Promise<{ started: string[]; done: Promise<boolean[]> }> {
  if (!(await ffmpegAvailable())) return { started: [], done: Promise.resolve([]) };
  const due = await videosRepo.listPosterDue(await db(), limit, {
    skip: [...state().inFlight],
    maxAttempts: POSTER_MAX_ATTEMPTS,
  });
  return { started: due.map((v) => v.id), done: Promise.all(due.map((v) => makePoster(v))) };
}

/** The first frame of the stored video under `source`, as a JPEG stored under `target`. */
export async function renderPoster(
  storage: VideoStorage,
  source: string,
  target: string,
): Promise<{ size: number; sha256: string }> {
  const dir = await makeScratchDir("poster");
  try {
    const input = await fileFor(storage, source, dir);
    const jpeg = await runTool("ffmpeg", posterArgs(input), {
      timeoutMs: FFMPEG_TIMEOUT_MS,
      maxBytes: MAX_POSTER_BYTES,
    });
    // JPEG starts with FF D8 FF; anything else is not the image we asked for.
    if (jpeg.length < 3 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8 || jpeg[2] !== 0xff)
      throw new Error("ffmpeg produced no JPEG (no video frame?)");
    return await storage.put(target, Readable.toWeb(Readable.from([jpeg])) as ReadableStream<Uint8Array>, {
      expectedSize: jpeg.length,
      contentType: POSTER_CONTENT_TYPE,
    });
  } finally {
    await removeScratchDir(dir);
  }
}

/** ffmpeg: one frame from the start, scaled down (never up) to the poster width, even height, JPEG on stdout. */
export function posterArgs(input: string): string[] {
  return [
    ...["-hide_banner", "-loglevel", "error", "-nostdin", "-threads", "1"],
    ...["-i", input, "-an", "-frames:v", "1"],
    ...["-vf", `scale='min(${POSTER_MAX_WIDTH},iw)':-2`],
    ...["-c:v", "mjpeg", "-q:v", String(JPEG_QUALITY), "-f", "image2pipe", "pipe:1"],
  ];
}

/** Runs jobs one after another, in the order they were asked for. */
function serially<T>(job: () => Promise<T>): Promise<T> {
  const s = state();
  const result = s.tail.then(job, job);
  s.tail = result.catch(() => undefined);
  return result;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
