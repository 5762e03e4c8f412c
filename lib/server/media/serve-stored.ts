import "server-only";
import { parseRange } from "@/lib/shared/range";
import type { VideoStorage } from "./storage";

// Serves an object from storage with full HTTP semantics: strong ETag and 304, Range with 206
// and 416, If-Range, HEAD. Used for archived videos and for uploads; both stream, so the server
// never holds a whole file.

export type StoredObject = {
  key: string;
  /** Strong validator (quoted), e.g. the sha256 of the bytes. */
  etag: string;
  lastModified: string;
  contentType: string;
  contentDisposition: string;
  cacheControl: string;
};

/** The object as a response, or undefined when storage no longer has it. */
export async function serveStored(
  storage: VideoStorage,
  object: StoredObject,
  req: Request,
): Promise<Response | undefined> {
  const stat = await storage.stat(object.key);
  if (!stat) return undefined;
  const size = stat.size;
  const { etag, lastModified } = object;
  const headers = new Headers({
    "accept-ranges": "bytes",
    "cache-control": object.cacheControl,
    etag,
    "last-modified": lastModified,
    "content-type": object.contentType,
    "content-disposition": object.contentDisposition,
    // What we say the bytes are is what they are: a browser must not guess otherwise.
    "x-content-type-options": "nosniff",
  });

  if (matchesAny(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });

  // If-Range: the range applies only to the copy the client already has part of; otherwise send it all.
  const ifRange = req.headers.get("if-range");
  const rangeHeader =
    ifRange === null || ifRange.trim() === etag || ifRange.trim() === lastModified ? req.headers.get("range") : null;
  const range = parseRange(rangeHeader, size);
  if (range.kind === "unsatisfiable") {
    headers.set("content-range", `bytes */${size}`);
    headers.set("content-length", "0");
    return new Response(null, { status: 416, headers });
  }
  const span = range.kind === "range" ? range.range : size > 0 ? { start: 0, end: size - 1 } : undefined;
  const status = range.kind === "range" ? 206 : 200;
  // Next 16 drops Content-Length from route handler responses and sends the body chunked (its
  // sendResponse strips the header); we set it anyway for any adapter that keeps it. A browser
  // learns the size from Content-Range, which every ranged answer carries.
  headers.set("content-length", String(span ? span.end - span.start + 1 : 0));
  if (range.kind === "range") headers.set("content-range", `bytes ${range.range.start}-${range.range.end}/${size}`);
  if (req.method === "HEAD" || !span) return new Response(null, { status, headers });
  return new Response(await storage.open(object.key, span), { status, headers });
}

/** If-None-Match: `*` or a list of (possibly weak) tags; weak comparison, as RFC 9110 asks. */
function matchesAny(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}
