import "server-only";
import { backoffMs } from "@/lib/shared/backoff";
import { formatBytes } from "@/lib/shared/bytes";
import { processSingleton } from "@/lib/shared/process-singleton";
import { db } from "../db";
import * as videosRepo from "../db/videos-repo";
import { log } from "../platform/log";
import { attemptWithDatabase } from "./attempt";
import { makePoster } from "./posters";
import { safeFetch, UnsafeUrl } from "../platform/safe-fetch";
import { BodyTooLargeError, IncompleteBodyError, videoStorage } from "./storage";

// Copies each finished video from the provider's signed URL into our own storage before the
// URL expires (its `se`, about 6 days). Streamed straight to the store, never held in memory;
// a failed attempt is retried with backoff until the link expires, then given up for good.
// Called from the worker's tick; each call starts at most a few downloads and returns.

/** Downloads at once per process: enough to keep up, few enough not to starve the server. */
export const ARCHIVE_CONCURRENCY = 2;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 10 * 60_000;
/** The last retry is placed this long before the link expires, not after. */
const EXPIRY_MARGIN_MS = 2_000;
/** A video whose link has no known expiry is not retried for ever. */
const MAX_ATTEMPTS_WITHOUT_EXPIRY = 30;
/** Time allowed for the provider to answer with headers. */
const CONNECT_TIMEOUT_MS = 30_000;
/** Longest silence between two chunks of the body. */
const IDLE_TIMEOUT_MS = 60_000;
const OVERALL_TIMEOUT_MS = 20 * 60_000;
/** A claim outlives the longest possible attempt, so it cannot run out mid-download. */
const CLAIM_MS = OVERALL_TIMEOUT_MS + 60_000;
/** Far above any Sora video; stops a misbehaving source from filling the disk. */
const MAX_VIDEO_BYTES = 4 * 1024 ** 3;

/** `poster`: whether a poster was made from the new copy (never a reason for `archived` to be false). */
export type ArchiveOutcome = { videoId: string; archived: boolean; error?: string; poster?: boolean };
export type ArchiveRound = { started: string[]; done: Promise<ArchiveOutcome[]> };

/** Where a video's copy lives; the same key every attempt, so a retry replaces a stray copy. */
export function archiveKey(videoId: string): string {
  return `videos/${videoId}.mp4`;
}

/**
 * When to try again after `attempts` failures (ms since epoch), or null for never: 5 s doubling
 * up to 10 min, but never after the link expires; one last try just before expiry beats none.
 */
export function nextArchiveAttempt(attempts: number, now: number, expiresAt: number | null): number | null {
  const at = now + backoffMs(attempts, BACKOFF_BASE_MS, BACKOFF_MAX_MS);
  if (expiresAt === null) return attempts >= MAX_ATTEMPTS_WITHOUT_EXPIRY ? null : at;
  const latest = expiresAt - EXPIRY_MARGIN_MS;
  if (at <= latest) return at;
  return latest > now ? latest : null;
}

// Videos being downloaded by this process. The database claim keeps other processes away; this
// keeps two overlapping calls in one process (a slow tick, a test) from both starting one.
const inFlight = () => processSingleton("archive-in-flight", () => new Set<string>());

/** Starts archiving the videos that are due, up to the per-process limit. */
export async function archiveDue(now = new Date()): Promise<ArchiveRound> {
  const running = inFlight();
  const room = ARCHIVE_CONCURRENCY - running.size;
  if (room <= 0) return { started: [], done: Promise.resolve([]) };
  const database = await db();
  const at = now.toISOString();
  const due = await videosRepo.listArchiveDue(database, at, room, {
    skip: [...running],
    maxAttemptsWithoutExpiry: MAX_ATTEMPTS_WITHOUT_EXPIRY,
  });
  const jobs: Promise<ArchiveOutcome>[] = [];
  const started: string[] = [];
  for (const video of due) {
    if (running.has(video.id) || running.size >= ARCHIVE_CONCURRENCY) continue;
    running.add(video.id);
    let claimed = false;
    try {
      claimed = await videosRepo.claimArchive(database, video.id, at, new Date(now.getTime() + CLAIM_MS).toISOString());
    } finally {
      if (!claimed) running.delete(video.id);
    }
    if (!claimed) continue;
    started.push(video.id);
    jobs.push(archiveOne(video).finally(() => running.delete(video.id)));
  }
  return { started, done: Promise.all(jobs) };
}

/** Removes archived copies (when their task is deleted). Missing copies are fine. */
export async function deleteArchive(keys: string[]): Promise<void> {
  const storage = videoStorage();
  for (const key of keys) {
    try {
      await storage.delete(key);
    } catch (error) {
      log.warn("could not delete an archived video", {
        key,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

/** One attempt; never throws (the outcome is recorded on the row). */
async function archiveOne(video: videosRepo.ArchiveCandidate): Promise<ArchiveOutcome> {
  const key = archiveKey(video.id);
  const startedAt = Date.now();
  const bookkeepingFailed: ArchiveOutcome = { videoId: video.id, archived: false, error: "bookkeeping failed" };
  return attemptWithDatabase("archive", video.id, bookkeepingFailed, async (database) => {
    try {
      const copy = await download(video.source_url, key);
      if (!(await videosRepo.recordArchived(database, video.id, { ...copy, key, at: new Date().toISOString() }))) {
        // The task was deleted while we downloaded: the copy belongs to nobody.
        await videoStorage().delete(key);
        return { videoId: video.id, archived: false, error: "deleted" };
      }
      log.info("video archived", { videoId: video.id, size: copy.size, ms: Date.now() - startedAt });
      // The copy is recorded and announced first: a poster that cannot be made changes nothing above.
      return { videoId: video.id, archived: true, poster: await makePoster({ id: video.id, archive_key: key }) };
    } catch (error) {
      const message = describeFailure(error);
      const attempts = video.archive_attempts + 1;
      const expiresAt = video.expires_at === null ? null : Date.parse(video.expires_at);
      const next = nextArchiveAttempt(attempts, Date.now(), expiresAt);
      // Giving up on an expiring link: its expiry is past by the time it would be due, so it never is.
      const nextAt = next !== null ? new Date(next).toISOString() : video.expires_at;
      await videosRepo.recordArchiveFailure(database, video.id, {
        attempts,
        error: message,
        nextAt,
        at: new Date().toISOString(),
      });
      log.warn("archive attempt failed", {
        videoId: video.id,
        attempts,
        error: message,
        retryAt: next === null ? null : nextAt,
        detail: error instanceof Error ? error.message : String(error),
      });
      return { videoId: video.id, archived: false, error: message };
    }
  });
}

/** A failure already worded for the gallery. */
class DownloadError extends Error {
  override name = "DownloadError";
}

type Copy = { size: number; sha256: string; contentType: string };

async function download(url: string, key: string): Promise<Copy> {
  // Only web URLs, as the provider hands out; never file:, data: or anything stored by mistake.
  if (!/^https?:\/\//i.test(url)) throw new DownloadError("The stored link to this video is not a web address.");
  const controller = new AbortController();
  const stop = (message: string) => () => controller.abort(new DownloadError(message));
  const overall = setTimeout(
    stop(`The download did not finish within ${OVERALL_TIMEOUT_MS / 60_000} minutes.`),
    OVERALL_TIMEOUT_MS,
  );
  const connect = setTimeout(
    stop(`The provider did not start sending the video within ${CONNECT_TIMEOUT_MS / 1000} s.`),
    CONNECT_TIMEOUT_MS,
  );
  let idle: NodeJS.Timeout | undefined;
  let received = 0;
  let expected: number | undefined;
  try {
    let res: Response;
    try {
      // identity: the bytes on the wire are the file's, so Content-Length can be checked against them.
      // safeFetch: the link comes from the provider's answer, so it must not reach our own network.
      res = await safeFetch(url, { signal: controller.signal, headers: { "accept-encoding": "identity" } });
    } catch (error) {
      if (controller.signal.reason instanceof DownloadError) throw controller.signal.reason;
      if (error instanceof UnsafeUrl) throw new DownloadError(unsafeLinkMessage(error), { cause: error });
      throw new DownloadError("The provider could not be reached to download the video.", { cause: error });
    } finally {
      clearTimeout(connect);
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      // Not "expired" on a 403: the gallery tells an expired link from the time, not from this.
      throw new DownloadError(`The provider answered ${res.status} when the video was downloaded.`);
    }
    const contentType = videoContentType(res.headers.get("content-type"));
    if (!contentType) {
      await res.body.cancel().catch(() => undefined);
      throw new DownloadError("The provider sent a web page instead of the video.");
    }
    const length = res.headers.get("content-length");
    const encoded = (res.headers.get("content-encoding") ?? "identity").toLowerCase() !== "identity";
    expected = length !== null && /^\d+$/.test(length) && !encoded ? Number(length) : undefined;
    if (expected !== undefined && expected > MAX_VIDEO_BYTES) {
      await res.body.cancel().catch(() => undefined);
      throw new DownloadError(`The video is larger than the archive's limit of ${formatBytes(MAX_VIDEO_BYTES)}.`);
    }
    idle = setTimeout(stop(`The download stalled: no data for ${IDLE_TIMEOUT_MS / 1000} s.`), IDLE_TIMEOUT_MS);
    const watched = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, out) {
          received += chunk.byteLength;
          idle?.refresh();
          out.enqueue(chunk);
        },
      }),
    );
    const stored = await videoStorage().put(key, watched, {
      expectedSize: expected,
      maxBytes: MAX_VIDEO_BYTES,
      contentType,
    });
    return { ...stored, contentType };
  } catch (error) {
    if (controller.signal.reason instanceof DownloadError) throw controller.signal.reason;
    if (error instanceof DownloadError || error instanceof IncompleteBodyError || error instanceof BodyTooLargeError)
      throw error;
    // A connection that breaks mid-body surfaces as a bare fetch error ("terminated").
    if (received > 0 || expected !== undefined) {
      throw new DownloadError(
        `The download broke off after ${formatBytes(received)}${expected !== undefined ? ` of ${formatBytes(expected)}` : ""}.`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    clearTimeout(overall);
    clearTimeout(connect);
    if (idle) clearTimeout(idle);
  }
}

/** The sentence for a provider link safeFetch refused (the gallery and the media route show it). */
export function unsafeLinkMessage(error: UnsafeUrl): string {
  return `The provider's link to this video was refused: ${error.reason}.`;
}

/** The stored content type: the provider's if it is a video, video/mp4 if it says nothing useful. */
function videoContentType(header: string | null): string | undefined {
  const value = (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (value.startsWith("video/")) return value;
  if (value.startsWith("text/") || value.includes("json") || value.includes("xml")) return undefined;
  return "video/mp4";
}

function describeFailure(error: unknown): string {
  if (error instanceof DownloadError) return error.message;
  if (error instanceof IncompleteBodyError) {
    return error.received < error.expected
      ? `The download broke off after ${formatBytes(error.received)} of ${formatBytes(error.expected)}.`
      : "The provider sent more data than it announced, so the copy was discarded.";
  }
  if (error instanceof BodyTooLargeError)
    return `The video is larger than the archive's limit of ${formatBytes(error.maxBytes)}.`;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOSPC") return "The archive's disk is full.";
  return "The video could not be copied into the archive.";
}
