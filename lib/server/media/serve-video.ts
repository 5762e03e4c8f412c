import "server-only";
import { attachmentDisposition } from "../http/route";
import { db } from "../db";
import type { VideoRow } from "../db/schema";
import { findVideo } from "../db/tasks-repo";
import { unsafeLinkMessage } from "./archive";
import { AppError, notFound } from "../platform/errors";
import { log } from "../platform/log";
import { POSTER_CONTENT_TYPE } from "./posters";
import { safeFetch, UnsafeUrl } from "../platform/safe-fetch";
import { serveStored } from "./serve-stored";
import { videoStorage } from "./storage";

// Serves a video: the archived copy when there is one (it outlives the provider's link),
// otherwise the provider's signed URL, proxied. Both pass Range through, so a seek fetches only
// the bytes it needs, and both stream: the server never holds a whole file.

const PASS_HEADERS = ["content-type", "content-length", "content-range", "accept-ranges", "etag", "last-modified"];
// The bytes under a video id never change once archived, so browsers may keep them for good.
const ARCHIVE_CACHE = "private, max-age=31536000, immutable";

/** The longest name `?download=` may give a file (file systems stop at 255 bytes). */
const DOWNLOAD_NAME_MAX_CHARS = 150;

/**
 * `Content-Disposition` for a video: shown in the page, or, with `?download=<name>`, saved under
 * that name (the page names downloads after the prompt and date; a header name would override a
 * link's own `download` name). The name is cut to a plain file name: no paths, quotes or controls.
 */
export function videoDisposition(videoId: string, download: string | null): string {
  if (download === null) return `inline; filename="sora-${videoId}.mp4"`;
  let name = download
    .normalize("NFC")
    .replace(/[/\\"\p{Cc}]/gu, "")
    .trim()
    .slice(0, DOWNLOAD_NAME_MAX_CHARS);
  if (!/\.mp4$/i.test(name)) name = `${name || `sora-${videoId}`}.mp4`;
  return attachmentDisposition(name);
}

export async function streamVideo(videoId: string, req: Request): Promise<Response> {
  const video = await findVideo(await db(), videoId);
  if (!video) throw notFound("The video");
  const disposition = videoDisposition(video.id, new URL(req.url).searchParams.get("download"));
  if (video.archived_at && video.archive_key) {
    const archived = await serveArchived(video, req, disposition);
    if (archived) return archived;
  }
  return proxyProvider(video, req, disposition);
}

/** The archived copy with full HTTP semantics, or undefined when the stored object is missing. */
async function serveArchived(video: VideoRow, req: Request, disposition: string): Promise<Response | undefined> {
  const key = video.archive_key as string;
  const response = await serveStored(
    videoStorage(),
    {
      key,
      etag: video.archive_sha256 ? `"${video.archive_sha256}"` : `"${video.id}"`,
      lastModified: new Date(video.archived_at as string).toUTCString(),
      contentType: video.archive_content_type ?? "video/mp4",
      contentDisposition: disposition,
      cacheControl: ARCHIVE_CACHE,
    },
    req,
  );
  // Someone removed the file under us: say so in the log and fall back to the provider.
  if (!response) log.warn("archived video missing from storage", { videoId: video.id, key });
  return response;
}

/** The video's poster (a JPEG of its first frame), 404 until one has been made. */
export async function servePoster(videoId: string, req: Request): Promise<Response> {
  const video = await findVideo(await db(), videoId);
  if (!video) throw notFound("The video");
  const key = video.poster_key;
  const response = key
    ? await serveStored(
        videoStorage(),
        {
          key,
          etag: `"${video.poster_sha256 ?? video.id}"`,
          lastModified: new Date(video.poster_at ?? video.archived_at ?? video.created_at).toUTCString(),
          contentType: POSTER_CONTENT_TYPE,
          contentDisposition: `inline; filename="sora-${video.id}.jpg"`,
          cacheControl: ARCHIVE_CACHE,
        },
        req,
      )
    : undefined;
  if (key && !response) log.warn("poster missing from storage", { videoId: video.id, key });
  if (!response) throw new AppError("poster_not_ready", "This video has no poster yet.");
  return response;
}

async function proxyProvider(video: VideoRow, req: Request, disposition: string): Promise<Response> {
  if (video.expires_at && Date.parse(video.expires_at) < Date.now()) {
    throw new AppError("video_expired", "The provider's link to this video has expired and no archived copy exists.");
  }
  // Only web URLs, as the provider hands out; never file:, data: or anything else stored by mistake.
  if (!/^https?:\/\//i.test(video.source_url))
    throw new AppError("media_failed", "The stored link to this video is not a web address.");
  const headers: Record<string, string> = {};
  const range = req.headers.get("range");
  if (range) headers.range = range;
  let upstream: Response;
  try {
    // safeFetch: the stored link came from the provider's answer; it must not reach our own network.
    upstream = await safeFetch(video.source_url, {
      method: req.method === "HEAD" ? "HEAD" : "GET",
      headers,
      signal: req.signal,
    });
  } catch (error) {
    // The viewer went away (a seek or a closed tab): nobody is left to answer.
    if (req.signal.aborted) return new Response(null, { status: 499 });
    if (error instanceof UnsafeUrl) throw new AppError("unsafe_url", unsafeLinkMessage(error));
    throw new AppError(
      "media_unreachable",
      "The video could not be fetched from the provider right now; try again shortly.",
    );
  }
  if (upstream.status === 403 || upstream.status === 410) {
    throw new AppError("video_expired", "The provider refused the video link (it has probably expired).");
  }
  if (!upstream.ok && upstream.status !== 416) {
    throw new AppError("media_failed", `The provider answered ${upstream.status} for this video.`);
  }
  // Short-lived: once the archive has a copy, the browser should switch to it.
  const out = new Headers({
    "cache-control": "private, max-age=300",
    "accept-ranges": "bytes",
    "content-disposition": disposition,
  });
  for (const name of PASS_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) out.set(name, value);
  }
  return new Response(req.method === "HEAD" ? null : upstream.body, { status: upstream.status, headers: out });
}
