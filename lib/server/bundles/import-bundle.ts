import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import {
  BUNDLE_JSON_MAX_BYTES,
  BUNDLE_MANIFEST_NAME,
  BUNDLE_TASKS_MAX,
  BUNDLE_ZIP_MAX_BYTES,
  bundleManifestSchema,
  type BundleManifest,
  type BundleTask,
  type ImportSummary,
} from "@/lib/schemas/bundle";
import { toFieldIssues, type FieldIssue } from "@/lib/schemas/generation";
import { isUploadRef, UPLOAD_PATH_PREFIX } from "@/lib/schemas/rules";
import { formatBytes } from "@/lib/shared/bytes";
import { db } from "../db";
import * as bundleRepo from "../db/bundle-repo";
import type { VideoRow } from "../db/schema";
import { NO_ARCHIVE, newTaskRow } from "../db/tasks-repo";
import { findUploads } from "../db/uploads-repo";
import { env } from "../platform/env";
import { AppError } from "../platform/errors";
import { writeChanges } from "../db/changes";
import { readJson } from "../http/route";
import { log } from "../platform/log";
import { backfillPosters } from "../media/posters";
import { videoStorage } from "../media/storage";
import { entryBytes, readZipDirectory, ZipFormatError, type ZipDirectory, type ZipFileEntry } from "./zip-read";

// `POST /api/import`: a task bundle (lib/schemas/bundle.ts) back into the studio. Everything is
// checked before anything is written: the manifest against its strict schema, ids unique
// within the file, the zip's entries (no paths outside the bundle, none it does not list), and
// every video's bytes against its size and SHA-256. Then the videos go to storage and all rows
// are written in one transaction; if that fails the stored videos are removed again, so an
// import lands whole or not at all. Tasks already here (same id) are skipped, never
// overwritten.

const ZIP_TYPES = ["application/zip", "application/x-zip-compressed"];
/** Entries in a bundle's zip: the manifest, a directory entry, and a few videos per task. */
const ZIP_MAX_ENTRIES = 2 + BUNDLE_TASKS_MAX * 4;
const ZIP_MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;
/** Temp files older than this are leftovers of a crash mid-import. */
const STALE_TEMP_MS = 24 * 3600_000;

const invalid = (path: string, message: string) =>
  new AppError("invalid_bundle", `Invalid ${path}: ${message}`, { issues: [{ path, message }] });
const entryPath = (name: string) => `zip:${name}`;

export async function importBundle(req: Request): Promise<ImportSummary> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/json") {
    let body: unknown;
    try {
      body = await readJson(req, BUNDLE_JSON_MAX_BYTES);
    } catch (error) {
      // The file as a whole is the problem (not JSON, too large): said at "file", like the zip's.
      if (error instanceof AppError)
        throw new AppError(error.code, error.message, {
          issues: [{ path: "file", message: error.message }],
        });
      throw error;
    }
    const manifest = parseManifest(body);
    for (const [t, task] of manifest.tasks.entries()) {
      for (const [v, video] of task.videos.entries()) {
        if (video.file !== null)
          throw invalid(
            `tasks.${t}.videos.${v}.file`,
            "a JSON bundle carries no video bytes; import the zip, or set file to null",
          );
      }
    }
    return applyBundle(manifest, undefined);
  }
  if (ZIP_TYPES.includes(type)) {
    const temp = await receiveToTempFile(req);
    try {
      const zip = await openZip(temp);
      return await applyBundle(zip.manifest, zip);
    } catch (error) {
      if (error instanceof ZipFormatError)
        throw new AppError("invalid_zip", error.message, {
          issues: [{ path: error.entry ? entryPath(error.entry) : "file", message: error.message }],
        });
      throw error;
    } finally {
      await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    }
  }
  const message = "send the bundle as application/json (the manifest) or application/zip (with its videos)";
  throw new AppError("unsupported_media_type", `Unsupported content-type ${type || "(none)"}: ${message}.`, {
    issues: [{ path: "content-type", message }],
  });
}

/** The manifest, strictly checked; ids must be unique within the file. */
export function parseManifest(value: unknown): BundleManifest {
  const parsed = bundleManifestSchema.safeParse(value);
  if (!parsed.success) {
    const issues = toFieldIssues(parsed.error);
    const fields = [...new Set(issues.map((i) => i.path))].slice(0, 5).join(", ");
    throw new AppError("invalid_request", `Invalid ${fields}: ${issues[0]?.message ?? "check the bundle"}`, {
      issues,
    });
  }
  const manifest = parsed.data;
  const issues: FieldIssue[] = [];
  const taskAt = new Map<string, number>();
  const videoAt = new Map<string, string>();
  const upstreamAt = new Map<string, number>();
  manifest.tasks.forEach((task, t) => {
    const first = taskAt.get(task.id);
    if (first !== undefined)
      issues.push({ path: `tasks.${t}.id`, message: `Duplicate task id ${task.id} (also tasks.${first}.id)` });
    else taskAt.set(task.id, t);
    // One AceData task is one studio task (the column is unique): two claiming it is a broken file.
    if (task.upstreamTaskId !== null) {
      const owner = upstreamAt.get(task.upstreamTaskId);
      if (owner !== undefined)
        issues.push({
          path: `tasks.${t}.upstreamTaskId`,
          message: `Duplicate upstreamTaskId ${task.upstreamTaskId} (also tasks.${owner}.upstreamTaskId)`,
        });
      else upstreamAt.set(task.upstreamTaskId, t);
    }
    task.videos.forEach((video, v) => {
      const here = `tasks.${t}.videos.${v}.id`;
      const earlier = videoAt.get(video.id);
      if (earlier !== undefined)
        issues.push({ path: here, message: `Duplicate video id ${video.id} (also ${earlier})` });
      else videoAt.set(video.id, here);
    });
  });
  if (issues.length > 0) {
    throw new AppError(
      "duplicate_ids",
      `Invalid ${issues
        .map((i) => i.path)
        .slice(0, 5)
        .join(", ")}: ${issues[0]?.message}`,
      { issues },
    );
  }
  return manifest;
}

// --- the zip ---------------------------------------------------------------------------------

type OpenZip = { manifest: BundleManifest; directory: ZipDirectory; videos: Map<string, ZipFileEntry> };

/** The body, streamed to a temp file under the data directory with the zip cap (never into memory). */
async function receiveToTempFile(req: Request): Promise<string> {
  const tooLarge = () =>
    new AppError(
      "body_too_large",
      `The zip is larger than ${formatBytes(BUNDLE_ZIP_MAX_BYTES)}; export fewer tasks per file.`,
      { issues: [{ path: "file", message: `at most ${formatBytes(BUNDLE_ZIP_MAX_BYTES)}` }] },
    );
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > BUNDLE_ZIP_MAX_BYTES) throw tooLarge();
  const dir = path.join(env().dataDir, ".imports");
  await fs.promises.mkdir(dir, { recursive: true });
  await sweepStale(dir);
  const file = path.join(dir, `${randomUUID()}.zip`);
  const handle = await fs.promises.open(file, "wx");
  let total = 0;
  try {
    if (req.body) {
      const reader = req.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          total += value.byteLength;
          if (total > BUNDLE_ZIP_MAX_BYTES) throw tooLarge();
          // The next chunk is read only once this one is on disk: a fast client cannot pile up in memory.
          for (let at = 0; at < value.byteLength; )
            at += (await handle.write(value, at, value.byteLength - at)).bytesWritten;
        }
      } catch (error) {
        await reader.cancel().catch(() => undefined);
        throw error;
      }
    }
    await handle.close();
    if (total === 0)
      throw new AppError("invalid_zip", "The body is empty; send the zip file.", {
        issues: [{ path: "file", message: "empty" }],
      });
    return file;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(file, { force: true }).catch(() => undefined);
    throw error;
  }
}

async function sweepStale(dir: string): Promise<void> {
  for (const name of await fs.promises.readdir(dir).catch(() => [] as string[])) {
    const file = path.join(dir, name);
    const stats = await fs.promises.stat(file).catch(() => undefined);
    if (stats && Date.now() - stats.mtimeMs > STALE_TEMP_MS)
      await fs.promises.rm(file, { force: true }).catch(() => undefined);
  }
}

async function readEntryText(directory: ZipDirectory, entry: ZipFileEntry, maxBytes: number): Promise<string> {
  if (entry.size > maxBytes)
    throw invalid(entryPath(entry.name), `the manifest is larger than ${formatBytes(maxBytes)}`);
  const parts: Buffer[] = [];
  for await (const chunk of entryBytes(directory, entry)) parts.push(chunk);
  return Buffer.concat(parts).toString("utf8");
}

/** The zip's directory and manifest, with every entry name accounted for. */
async function openZip(file: string): Promise<OpenZip> {
  const directory = await readZipDirectory(file, {
    maxEntries: ZIP_MAX_ENTRIES,
    maxDirectoryBytes: ZIP_MAX_DIRECTORY_BYTES,
  });
  const byName = new Map<string, ZipFileEntry>();
  for (const entry of directory.entries) {
    const name = entry.name;
    // Checked before anything else: a path that could leave the bundle is refused outright.
    if (
      name.startsWith("/") ||
      name.includes("\\") ||
      /^[A-Za-z]:/.test(name) ||
      name.split("/").some((s) => s === ".." || s === ".")
    ) {
      throw invalid(entryPath(name), "the entry's path is absolute or leaves the bundle (..)");
    }
    if (byName.has(name)) throw invalid(entryPath(name), "the zip has two entries of this name");
    byName.set(name, entry);
  }
  const manifestEntry = byName.get(BUNDLE_MANIFEST_NAME);
  if (!manifestEntry)
    throw invalid(entryPath(BUNDLE_MANIFEST_NAME), "the zip has no manifest.json; is it a Sora Studio export?");
  let value: unknown;
  try {
    value = JSON.parse(await readEntryText(directory, manifestEntry, BUNDLE_JSON_MAX_BYTES));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw invalid(entryPath(BUNDLE_MANIFEST_NAME), "manifest.json is not valid JSON");
  }
  const manifest = parseManifest(value);

  const listed = new Map<string, string>(); // entry name → the manifest field naming it
  for (const [t, task] of manifest.tasks.entries()) {
    for (const [v, video] of task.videos.entries()) {
      if (video.file !== null) listed.set(video.file, `tasks.${t}.videos.${v}.file`);
    }
  }
  const videos = new Map<string, ZipFileEntry>();
  for (const [name, entry] of byName) {
    if (name === BUNDLE_MANIFEST_NAME) continue;
    // Directory entries some zip tools add: only the ones that hold listed files.
    if (name.endsWith("/") && entry.size === 0 && [...listed.keys()].some((file) => file.startsWith(name))) continue;
    if (!listed.has(name)) throw invalid(entryPath(name), "the zip has an entry its manifest does not list");
  }
  for (const [name, field] of listed) {
    const entry = byName.get(name);
    if (!entry) throw invalid(field, `the zip has no entry ${name}`);
    videos.set(name, entry);
  }
  return { manifest, directory, videos };
}

/** Every listed video's bytes against its manifest size and SHA-256 (and the zip's own CRC). */
async function verifyVideos(zip: OpenZip): Promise<void> {
  for (const [t, task] of zip.manifest.tasks.entries()) {
    for (const [v, video] of task.videos.entries()) {
      if (video.file === null) continue;
      const entry = zip.videos.get(video.file) as ZipFileEntry;
      const field = `tasks.${t}.videos.${v}`;
      if (entry.size !== video.size)
        throw invalid(`${field}.size`, `${video.file} has ${entry.size} bytes, the manifest says ${video.size}`);
      const hash = createHash("sha256");
      for await (const chunk of entryBytes(zip.directory, entry)) hash.update(chunk);
      if (hash.digest("hex") !== video.sha256)
        throw invalid(`${field}.sha256`, `the bytes of ${video.file} do not match its sha256`);
    }
  }
}

// --- applying it ---------------------------------------------------------------------------------

/** A skip reason for each task this studio already has in some form; nothing is overwritten. */
function alreadyHere(task: BundleTask, present: bundleRepo.Present): string | undefined {
  if (present.tasks.has(task.id)) return "already in the studio";
  const upstreamOwner = task.upstreamTaskId !== null ? present.upstream.get(task.upstreamTaskId) : undefined;
  if (upstreamOwner !== undefined)
    return `its AceData task ${task.upstreamTaskId} is already in the studio as task ${upstreamOwner}`;
  const video = task.videos.find((v) => present.videos.has(v.id));
  if (video) return `its video ${video.id} is already in the studio (task ${present.videos.get(video.id)})`;
  return undefined;
}

function idsOf(tasks: BundleTask[]) {
  return {
    tasks: tasks.map((t) => t.id),
    upstream: tasks.flatMap((t) => (t.upstreamTaskId !== null ? [t.upstreamTaskId] : [])),
    videos: tasks.flatMap((t) => t.videos.map((v) => v.id)),
  };
}

/** Uploads named by the requests that this studio does not have: kept as they are, but said. */
async function uploadWarnings(tasks: BundleTask[]): Promise<string[]> {
  const refs = tasks
    .flatMap((task) => [
      ...(task.request.image_urls ?? []).map((url, i) => ({ task, url, field: `image_urls.${i}` })),
      ...(task.request.character_url !== undefined
        ? [{ task, url: task.request.character_url, field: "character_url" }]
        : []),
    ])
    .filter((r) => isUploadRef(r.url));
  if (refs.length === 0) return [];
  const found = await findUploads(await db(), [...new Set(refs.map((r) => r.url.slice(UPLOAD_PATH_PREFIX.length)))]);
  return refs
    .filter((r) => !found.has(r.url.slice(UPLOAD_PATH_PREFIX.length)))
    .map(
      (r) =>
        `Task ${r.task.id}: ${r.url} (${r.field}) is not uploaded in this studio; re-running the task needs that file added again.`,
    );
}

async function applyBundle(manifest: BundleManifest, zip: OpenZip | undefined): Promise<ImportSummary> {
  const database = await db();
  const skipped: ImportSummary["skipped"] = [];
  const present = await bundleRepo.findPresent(database, idsOf(manifest.tasks));
  const fresh = manifest.tasks.filter((task) => {
    const reason = alreadyHere(task, present);
    if (reason) skipped.push({ id: task.id, reason });
    return !reason;
  });
  // Checked whole, skipped tasks' videos included: a damaged bundle is refused, not half read.
  if (zip) await verifyVideos(zip);
  const warnings = await uploadWarnings(fresh);
  const missing = fresh.flatMap((t) =>
    t.videos
      .filter((v) => v.file === null)
      .map(
        (v) =>
          `Task ${t.id}: video ${v.id} is not in this file, so it is imported without its bytes and cannot be played.`,
      ),
  );
  warnings.push(...missing);

  const now = new Date().toISOString();
  // This import's own storage keys: a concurrent import of the same bundle can never remove
  // (or replace) the copies of this one when it rolls back.
  const nonce = randomBytes(4).toString("hex");
  const stored: string[] = [];
  const storage = videoStorage();
  let imported = 0;
  try {
    const rows: bundleRepo.ImportedTask[] = [];
    for (const task of fresh) {
      const videos: VideoRow[] = [];
      for (const [position, video] of task.videos.entries()) {
        let key: string | null = null;
        if (video.file !== null && zip) {
          key = `videos/${video.id}.${nonce}.mp4`;
          const entry = zip.videos.get(video.file) as ZipFileEntry;
          const body = Readable.toWeb(Readable.from(entryBytes(zip.directory, entry))) as ReadableStream<Uint8Array>;
          stored.push(key);
          const copy = await storage.put(key, body, {
            expectedSize: video.size ?? undefined,
            contentType: "video/mp4",
          });
          // Verified before, but what lands in storage is what counts.
          if (copy.sha256 !== video.sha256)
            throw new Error(`the stored copy of ${video.file} does not match its sha256`);
        }
        videos.push(importedVideo(task, video, position, key, now));
      }
      rows.push({ row: importedTaskRow(task, now), tags: task.tags, videos });
    }
    imported = await writeChanges(database, async (trx, events) => {
      // Asked again inside the transaction: another import may have added some meanwhile.
      const late = await bundleRepo.findPresent(trx, idsOf(fresh));
      const writing = rows.filter((r, i) => {
        const reason = alreadyHere(fresh[i] as BundleTask, late);
        if (reason) skipped.push({ id: r.row.id, reason });
        return !reason;
      });
      await bundleRepo.insertImported(trx, events, writing, now);
      const keep = new Set(writing.flatMap((r) => r.videos.map((v) => v.archive_key)));
      // Copies of tasks that turned out to be here already belong to nobody.
      for (const key of stored.filter((k) => !keep.has(k))) await storage.delete(key);
      return writing.length;
    });
  } catch (error) {
    for (const key of stored) await storage.delete(key).catch(() => undefined);
    throw error;
  }
  if (imported > 0) {
    // Posters for the new copies now, rather than at the worker's next idle look.
    void backfillPosters().catch(() => undefined);
  }
  log.info("bundle imported", { imported, skipped: skipped.length, warnings: warnings.length });
  return { imported, skipped, warnings };
}

function importedTaskRow(task: BundleTask, now: string) {
  return {
    ...newTaskRow({ id: task.id, request: task.request, now: task.createdAt }),
    state: task.state,
    upstream_task_id: task.upstreamTaskId,
    trace_id: task.traceId,
    error_code: task.error?.code ?? null,
    error_message: task.error?.message ?? null,
    // Newer than any copy a browser holds, so open galleries take this one.
    updated_at: now,
    submitted_at: task.submittedAt,
    finished_at: task.finishedAt,
    origin: "import",
    favourite: task.favourite ? 1 : 0,
    notes: task.notes,
    rating: task.rating,
    run_id: task.runId,
  };
}

function importedVideo(
  task: BundleTask,
  video: BundleTask["videos"][number],
  position: number,
  key: string | null,
  now: string,
): VideoRow {
  return {
    id: video.id,
    task_id: task.id,
    upstream_id: "",
    position,
    // The provider's link is not part of a bundle: a video without its bytes reads as expired
    // (never fetched, never retried), one with them as archived.
    source_url: "",
    expires_at: key === null ? now : null,
    created_at: task.finishedAt ?? now,
    ...NO_ARCHIVE,
    ...(key === null
      ? {}
      : {
          archive_key: key,
          archive_size: video.size,
          archive_sha256: video.sha256,
          archive_content_type: "video/mp4",
          archived_at: now,
        }),
  };
}
