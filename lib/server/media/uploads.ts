import "server-only";
import { uploadedClips, uploadedImages } from "@/lib/schemas/upload-fields";
import { formatBytes } from "@/lib/shared/bytes";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import sharp from "sharp";
import type { FieldIssue, GenerationRequest } from "@/lib/schemas/generation";
import {
  CHARACTER_SPAN_MIN_S,
  UPLOAD_ID,
  UPLOAD_ID_BYTES,
  UPLOAD_IMAGE_MAX_BYTES,
  UPLOAD_IMAGE_MAX_EDGE,
  UPLOAD_IMAGE_MAX_PIXELS,
  type UPLOAD_IMAGE_MIME_TYPES,
  UPLOAD_PATH_PREFIX,
  UPLOAD_PURPOSES,
  UPLOAD_VIDEO_MAX_BYTES,
  type UPLOAD_VIDEO_MIME_TYPES,
  type UploadPurpose,
} from "@/lib/schemas/rules";
import { placeUploads } from "@/lib/schemas/request-preview";
import type { Upload, UploadKind } from "@/lib/schemas/upload";
import { processSingleton } from "@/lib/shared/process-singleton";
import { BodyTooLarge, readBodyBytes } from "@/lib/shared/read-body";
import { db } from "../db";
import type { UploadRow } from "../db/schema";
import { findUpload, findUploadByHash, findUploads, insertUpload } from "../db/uploads-repo";
import { env } from "../platform/env";
import { AppError, notFound } from "../platform/errors";
import { mp4Brand, mp4DurationS } from "./mp4-duration";
import { serveStored } from "./serve-stored";
import { LocalVideoStorage, type VideoStorage } from "./storage";

// Reference images and character clips uploaded to the studio. A file is checked by what its
// bytes are (never by its name or the claimed Content-Type) and kept only once it passed; the
// same bytes uploaded again are the same upload. Requests name uploads by their short path
// (/api/uploads/<id>); only the body sent upstream carries a public URL or the inline bytes.

const PURPOSE_KIND: Record<UploadPurpose, UploadKind> = { reference: "image", character: "video" };
const MAX_BYTES: Record<UploadPurpose, number> = {
  reference: UPLOAD_IMAGE_MAX_BYTES,
  character: UPLOAD_VIDEO_MAX_BYTES,
};
const WHAT: Record<UploadPurpose, string> = { reference: "A reference image", character: "A character clip" };
// Typed against the shared lists, so what an upload may be is said in rules.ts only.
const IMAGE_FORMATS: Record<
  string,
  { contentType: (typeof UPLOAD_IMAGE_MIME_TYPES)[number]; ext: string; name: string }
> = {
  png: { contentType: "image/png", ext: "png", name: "PNG" },
  jpeg: { contentType: "image/jpeg", ext: "jpg", name: "JPEG" },
  webp: { contentType: "image/webp", ext: "webp", name: "WebP" },
  gif: { contentType: "image/gif", ext: "gif", name: "GIF" },
};
/** First bytes of each accepted format, to name a file whose header sharp cannot read. */
const IMAGE_SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  PNG: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  JPEG: (b) => b.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])),
  GIF: (b) => b.subarray(0, 4).toString("latin1") === "GIF8",
  WebP: (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP",
};
const damaged = (name: string) => `This ${name} image is damaged or incomplete; export it again`;
const VIDEO_EXT: Record<(typeof UPLOAD_VIDEO_MIME_TYPES)[number], string> = {
  "video/mp4": "mp4",
  "video/quicktime": "mov",
};
/** An upload's bytes never change under its id. Public: AceData fetches these too. */
const UPLOAD_CACHE = "public, max-age=31536000, immutable";
const MS_PER_S = 1000;

/** The process's upload store: `<STUDIO_DATA_DIR>/uploads`. */
export function uploadStorage(): VideoStorage {
  return processSingleton("upload-storage", () => {
    const storage = new LocalVideoStorage(path.join(env().dataDir, "uploads"));
    void storage.sweepTemp();
    return storage;
  });
}

const megabytes = formatBytes;
const seconds = (s: number) => `${+s.toFixed(2)} s`;
const invalidUpload = (message: string) =>
  new AppError("invalid_upload", message, { issues: [{ path: "file", message }] });

export function parsePurpose(value: string | null): UploadPurpose {
  if (value !== null && (UPLOAD_PURPOSES as readonly string[]).includes(value)) return value as UploadPurpose;
  const message = `purpose must be one of ${UPLOAD_PURPOSES.join(", ")}`;
  throw new AppError("invalid_request", `Invalid purpose: ${message}`, { issues: [{ path: "purpose", message }] });
}

type Checked = { contentType: string; ext: string; width?: number; height?: number; durationMs?: number };

/** What an image really is, or a refusal in plain words. */
export async function checkImage(bytes: Buffer): Promise<Checked> {
  const options = { limitInputPixels: UPLOAD_IMAGE_MAX_PIXELS, failOn: "error" } as const;
  const meta = await sharp(bytes, options)
    .metadata()
    .catch(() => undefined);
  if (!meta) {
    // A header too broken to read: still say what it looks like when its first bytes tell.
    const looksLike = Object.entries(IMAGE_SIGNATURES).find(([, test]) => test(bytes))?.[0];
    throw invalidUpload(looksLike ? damaged(looksLike) : "This file is not a PNG, JPEG, WebP or GIF image");
  }
  const format = meta.format ? IMAGE_FORMATS[meta.format] : undefined;
  if (!format)
    throw invalidUpload(
      `This file is a ${String(meta.format ?? "unknown").toUpperCase()} image; use a PNG, JPEG, WebP or GIF image`,
    );
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (Math.max(width, height) > UPLOAD_IMAGE_MAX_EDGE) {
    throw invalidUpload(
      `The image is ${width}×${height} px; the longest edge may be at most ${UPLOAD_IMAGE_MAX_EDGE} px`,
    );
  }
  // The header can be whole while the pixels are cut short or damaged: decode them all to be sure.
  try {
    await sharp(bytes, options).raw().toBuffer();
  } catch {
    throw invalidUpload(damaged(format.name));
  }
  return { contentType: format.contentType, ext: format.ext, width, height };
}

/** What a clip really is (MP4 or QuickTime, and how long), or a refusal in plain words. */
export function checkClip(bytes: Buffer): Checked {
  const brand = mp4Brand(bytes);
  if (!brand) throw invalidUpload("This file is not an MP4 or MOV video");
  const durationS = mp4DurationS(bytes);
  if (durationS === undefined)
    throw invalidUpload(
      "This video's length could not be read (the file may be damaged or incomplete); export it again as MP4 or MOV",
    );
  if (durationS < CHARACTER_SPAN_MIN_S) {
    throw invalidUpload(
      `The clip is ${seconds(durationS)} long; a character clip must be at least ${CHARACTER_SPAN_MIN_S} s`,
    );
  }
  return {
    contentType: brand.contentType,
    ext: VIDEO_EXT[brand.contentType],
    durationMs: Math.round(durationS * MS_PER_S),
  };
}

export function toUpload(row: UploadRow): Upload {
  return {
    id: row.id,
    url: `${UPLOAD_PATH_PREFIX}${row.id}`,
    kind: row.kind as UploadKind,
    contentType: row.content_type,
    bytes: Number(row.bytes),
    ...(row.width !== null ? { width: Number(row.width) } : {}),
    ...(row.height !== null ? { height: Number(row.height) } : {}),
    ...(row.duration_ms !== null ? { durationS: Number(row.duration_ms) / MS_PER_S } : {}),
  };
}

function streamOf(bytes: Buffer): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      controller.close();
    },
  });
}

/**
 * Takes an upload from a request body (the raw file bytes). `created` is false when the same
 * bytes of the same kind were uploaded before: the answer is that earlier upload.
 */
export async function acceptUpload(
  req: Request,
  purpose: UploadPurpose,
): Promise<{ upload: Upload; created: boolean }> {
  const maxBytes = MAX_BYTES[purpose];
  let bytes: Buffer;
  try {
    bytes = await readBodyBytes(req, maxBytes);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      const message = `${WHAT[purpose]} may be at most ${megabytes(maxBytes)}`;
      throw new AppError(
        "too_large",
        `This file is too large: ${message.charAt(0).toLowerCase()}${message.slice(1)}.`,
        { issues: [{ path: "file", message }] },
      );
    }
    throw error;
  }
  return storeUploadBytes(bytes, purpose);
}

/**
 * Checks and keeps the bytes of an upload (from a request, or made here: a storyboard's
 * continuity frame). The same bytes of the same kind stored before are that earlier upload.
 */
export async function storeUploadBytes(
  bytes: Buffer,
  purpose: UploadPurpose,
): Promise<{ upload: Upload; created: boolean }> {
  if (bytes.byteLength === 0) throw invalidUpload("The file is empty");
  const kind = PURPOSE_KIND[purpose];
  const checked = kind === "image" ? await checkImage(bytes) : checkClip(bytes);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const database = await db();
  const storage = uploadStorage();

  const earlier = await findUploadByHash(database, kind, sha256);
  if (earlier) {
    // Its file went missing (removed by hand): the bytes are here again, so put them back.
    if (!(await storage.stat(earlier.storage_key)))
      await storage.put(earlier.storage_key, streamOf(bytes), { expectedSize: bytes.byteLength });
    return { upload: toUpload(earlier), created: false };
  }
  const id = randomBytes(UPLOAD_ID_BYTES).toString("hex");
  const key = `${id}.${checked.ext}`;
  // The file first, then the row: a row never names a file that is not there.
  await storage.put(key, streamOf(bytes), { expectedSize: bytes.byteLength, contentType: checked.contentType });
  const row: UploadRow = {
    id,
    kind,
    content_type: checked.contentType,
    bytes: bytes.byteLength,
    sha256,
    width: checked.width ?? null,
    height: checked.height ?? null,
    duration_ms: checked.durationMs ?? null,
    storage_key: key,
    created_at: new Date().toISOString(),
  };
  const stored = await insertUpload(database, row);
  // Someone stored the same bytes at the same moment: theirs is the upload, ours is surplus.
  if (!stored.created) await storage.delete(key);
  return { upload: toUpload(stored.row), created: stored.created };
}

/** GET/HEAD /api/uploads/:id with full HTTP semantics (ETag, 304, Range). */
export async function serveUpload(id: string, req: Request): Promise<Response> {
  const row = UPLOAD_ID.test(id) ? await findUpload(await db(), id) : undefined;
  if (!row) throw notFound("The upload");
  const response = await serveStored(
    uploadStorage(),
    {
      key: row.storage_key,
      etag: `"${row.sha256}"`,
      lastModified: new Date(row.created_at).toUTCString(),
      contentType: row.content_type,
      contentDisposition: `inline; filename="${row.storage_key}"`,
      cacheControl: UPLOAD_CACHE,
    },
    req,
  );
  if (!response) throw notFound("The upload's file");
  return response;
}

// --- uploads named in a generation request --------------------------------------------------

export type UploadHosting = { publicUrl?: string; emulated: boolean; internalUrl: string };

function hosting(): UploadHosting {
  const e = env();
  return { publicUrl: e.STUDIO_PUBLIC_URL?.replace(/\/$/, ""), emulated: e.emulated, internalUrl: e.internalUrl };
}

/** What the browser may offer: clips can be uploaded only where the upstream can fetch them. */
export function uploadHosting(): { clips: boolean } {
  const h = hosting();
  return { clips: h.publicUrl !== undefined || h.emulated };
}

const idOf = (ref: string) => ref.slice(UPLOAD_PATH_PREFIX.length);
const GONE_IMAGE = "This uploaded image is no longer in the studio; add it again";
const GONE_CLIP = "This uploaded clip is no longer in the studio; add it again";
export const CLIPS_NEED_PUBLIC_URL =
  "Uploaded clips can be sent only when STUDIO_PUBLIC_URL is set (AceData must download them); paste an https:// URL instead";

/**
 * Checks, when a generation is created, that every upload it names exists as the right kind,
 * that the character span fits the uploaded clip, and that the clip can reach the upstream.
 * Refuses with 400 and an issue at each field's exact path.
 */
export async function checkUploadRefs(request: GenerationRequest, where: UploadHosting = hosting()): Promise<void> {
  const images = uploadedImages(request);
  const clips = uploadedClips(request);
  if (images.length === 0 && clips.length === 0) return;
  const rows = await findUploads(
    await db(),
    [...images, ...clips].map((r) => idOf(r.url)),
  );
  const issues: FieldIssue[] = [];
  for (const image of images) {
    const row = rows.get(idOf(image.url));
    if (!row) issues.push({ path: image.path, message: GONE_IMAGE });
    else if (row.kind !== "image")
      issues.push({ path: image.path, message: "This upload is a video clip, not an image; add an image" });
  }
  for (const clip of clips) {
    const row = rows.get(idOf(clip.url));
    if (!row) issues.push({ path: clip.path, message: GONE_CLIP });
    else if (row.kind !== "video")
      issues.push({ path: clip.path, message: "This upload is an image, not a video clip; add a clip" });
    else if (where.publicUrl === undefined && !where.emulated)
      issues.push({ path: clip.path, message: CLIPS_NEED_PUBLIC_URL });
    else if (
      clip.path === "character_url" &&
      row.duration_ms !== null &&
      request.character_end !== undefined &&
      request.character_end * MS_PER_S > Number(row.duration_ms)
    ) {
      issues.push({
        path: "character_end",
        message: `The clip is ${seconds(Number(row.duration_ms) / MS_PER_S)} long; the character end may be at most ${seconds(Number(row.duration_ms) / MS_PER_S)}`,
      });
    }
  }
  if (issues.length === 0) return;
  const fields = [...new Set(issues.map((i) => i.path))].join(", ");
  throw new AppError("invalid_request", `Invalid ${fields}: ${issues[0]?.message}`, { issues });
}

/** An upload a queued task names is gone by the time it is submitted. */
export class UploadGone extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UploadGone";
  }
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of stream as unknown as AsyncIterable<Uint8Array>) parts.push(part);
  return Buffer.concat(parts);
}

/**
 * The request as sent upstream: each upload path becomes a URL AceData can fetch
 * (STUDIO_PUBLIC_URL), or for images without one the inline bytes; a clip without a public URL
 * goes by the studio's own address only to the embedded emulator, which never fetches it.
 */
export async function resolveUploadRefs(
  request: GenerationRequest,
  where: UploadHosting = hosting(),
): Promise<GenerationRequest> {
  const images = uploadedImages(request);
  const clips = uploadedClips(request);
  if (images.length === 0 && clips.length === 0) return request;
  if (clips.length > 0 && where.publicUrl === undefined && !where.emulated)
    throw new UploadGone(`${CLIPS_NEED_PUBLIC_URL}, then re-run.`);
  const database = await db();
  const storage = uploadStorage();
  const present = async (ref: string, gone: string): Promise<UploadRow> => {
    const row = await findUpload(database, idOf(ref));
    if (!row || !(await storage.stat(row.storage_key))) throw new UploadGone(gone);
    return row;
  };
  // Every upload must still be there; images go inline only when there is no public URL.
  const inline = new Map<string, string>();
  for (const { url, path } of images) {
    const index = /^image_urls\.(\d+)$/.exec(path)?.[1];
    const what =
      index === undefined ? `The uploaded image at ${path}` : `Reference image ${Number(index) + 1} (an upload)`;
    const row = await present(url, `${what} is no longer in the studio; add it again and re-run.`);
    if (where.publicUrl === undefined)
      inline.set(
        url,
        `data:${row.content_type};base64,${(await readAll(await storage.open(row.storage_key))).toString("base64")}`,
      );
  }
  for (const { url, path } of clips)
    await present(
      url,
      `${path === "character_url" ? "The uploaded character clip" : `The uploaded clip at ${path}`} is no longer in the studio; add it again and re-run.`,
    );
  // The same placement the composer's request preview shows.
  return placeUploads(request, {
    publicUrl: where.publicUrl ?? null,
    origin: where.internalUrl,
    inline: (ref) => inline.get(ref),
  }) as GenerationRequest;
}
