import "server-only";
import { db } from "./db";
import { findVideo } from "./db/tasks-repo";
import { AppError, notFound } from "./errors";

// Streams a video from the provider's signed URL, passing Range through, so a seek fetches
// only the bytes it needs and the server never holds a whole file. (The archive copy that
// outlives the signed URL is a later step: it will be served here first.)

const PASS_HEADERS = ["content-type", "content-length", "content-range", "accept-ranges", "etag", "last-modified"];

export async function streamVideo(videoId: string, req: Request): Promise<Response> {
  const video = await findVideo(await db(), videoId);
  if (!video) throw notFound("The video");
  if (video.expires_at && Date.parse(video.expires_at) < Date.now()) {
    throw new AppError(410, "video_expired", "The provider's link to this video has expired and no archived copy exists.");
  }
  // Only web URLs, as the provider hands out; never file:, data: or anything else stored by mistake.
  if (!/^https?:\/\//i.test(video.source_url)) throw new AppError(502, "media_failed", "The stored link to this video is not a web address.");
  const headers: Record<string, string> = {};
  const range = req.headers.get("range");
  if (range) headers.range = range;
  let upstream: Response;
  try {
    upstream = await fetch(video.source_url, { method: req.method === "HEAD" ? "HEAD" : "GET", headers, signal: req.signal });
  } catch (error) {
    // The viewer went away (a seek or a closed tab): nobody is left to answer.
    if (req.signal.aborted) return new Response(null, { status: 499 });
    void error;
    throw new AppError(503, "media_unreachable", "The video could not be fetched from the provider right now; try again shortly.");
  }
  if (upstream.status === 403 || upstream.status === 410) {
    throw new AppError(410, "video_expired", "The provider refused the video link (it has probably expired).");
  }
  if (!upstream.ok && upstream.status !== 416) {
    throw new AppError(502, "media_failed", `The provider answered ${upstream.status} for this video.`);
  }
  const out = new Headers({ "cache-control": "private, max-age=300", "accept-ranges": "bytes" });
  for (const name of PASS_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) out.set(name, value);
  }
  return new Response(req.method === "HEAD" ? null : upstream.body, { status: upstream.status, headers: out });
}
