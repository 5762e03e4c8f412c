import "server-only";
import { z } from "zod";
import {
  BUNDLE_FORMAT,
  BUNDLE_ID,
  BUNDLE_JSON_MAX_BYTES,
  BUNDLE_MANIFEST_NAME,
  BUNDLE_TASKS_MAX,
  BUNDLE_VERSION,
  videoEntryName,
  type BundleManifest,
  type BundleTask,
  type ExportFormat,
  type ExportSelection,
} from "@/lib/schemas/bundle";
import type { GenerationRequest } from "@/lib/schemas/generation";
import { FINISHED_STATES, type TaskState } from "@/lib/schemas/task";
import { formatBytes } from "@/lib/shared/bytes";
import { db } from "../db";
import * as bundleRepo from "../db/bundle-repo";
import { AppError } from "../platform/errors";
import { videoStorage } from "../media/storage";
import { zipStream, type ZipEntry } from "./zip-write";

// `GET /api/export`: a run, chosen tasks, or the whole gallery as a task bundle (see
// lib/schemas/bundle.ts), as JSON or as a zip with the archived videos. The zip is streamed
// file by file as the client reads it; only the manifest is built in memory.

const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const exportQuerySchema = z
  .strictObject({
    run: z.string().regex(RUN_ID, "run must be a run id (a UUID)").optional(),
    ids: z
      .string()
      .transform((value) => [
        ...new Set(
          value
            .split(",")
            .map((id) => id.trim())
            .filter((id) => id !== ""),
        ),
      ])
      .pipe(
        z
          .array(z.string().regex(BUNDLE_ID, "each id must be letters, digits, - or _"))
          .min(1, "ids must name at least one task")
          .max(BUNDLE_TASKS_MAX, `ids may name at most ${BUNDLE_TASKS_MAX} tasks`),
      )
      .optional(),
    all: z.literal("1", { error: "all must be 1 (or left out)" }).optional(),
    format: z.enum(["json", "zip"], { error: "format must be json or zip" }).default("json"),
  })
  .superRefine((value, ctx) => {
    const given = (["run", "ids", "all"] as const).filter((k) => value[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: "custom",
        path: [given[1] ?? "run"],
        message:
          given.length === 0
            ? "Say what to export: run=<id>, ids=a,b,c or all=1"
            : `Give one of run, ids and all, not ${given.join(" and ")}`,
      });
    }
  });

/** What the query string asks for; a bad or unknown parameter is refused at its name. */
export function parseExportQuery(params: URLSearchParams): { selection: ExportSelection; format: ExportFormat } {
  const query = exportQuerySchema.parse(Object.fromEntries(params));
  const selection: ExportSelection = query.run
    ? { run: query.run.toLowerCase() }
    : query.ids
      ? { ids: query.ids }
      : { all: true };
  return { selection, format: query.format };
}

type Packed = { manifest: BundleManifest; files: ZipEntry[] };

const UNFINISHED_REASON: Partial<Record<TaskState, string>> = {
  queued: "still queued: only finished tasks are exported",
  submitted: "still rendering: only finished tasks are exported",
  processing: "still rendering: only finished tasks are exported",
};

/**
 * The manifest of the selected tasks and, for a zip, the archived videos to put next to it
 * (checked to be in storage now; a missing copy is left out with a note, not a broken entry).
 */
export async function buildBundle(selection: ExportSelection, format: ExportFormat, now = new Date()): Promise<Packed> {
  const database = await db();
  const rows = await bundleRepo.selectTasks(database, selection);
  if ("run" in selection && rows.length === 0)
    throw new AppError("not_found", "This run has no tasks in the studio.", {
      issues: [{ path: "run", message: "no tasks in this run" }],
    });
  if ("ids" in selection && rows.length === 0)
    throw new AppError("not_found", "None of these tasks is in the studio.", {
      issues: [{ path: "ids", message: "no such tasks" }],
    });

  const skipped: { id: string; reason: string }[] = [];
  if ("ids" in selection) {
    const found = new Set(rows.map((r) => r.id));
    for (const id of selection.ids) if (!found.has(id)) skipped.push({ id, reason: "not in the studio" });
  }
  const finished = rows.filter((row) => {
    if (FINISHED_STATES.includes(row.state as TaskState)) return true;
    skipped.push({ id: row.id, reason: UNFINISHED_REASON[row.state as TaskState] ?? `state ${row.state}` });
    return false;
  });
  if (finished.length > BUNDLE_TASKS_MAX) {
    throw new AppError(
      "too_many_tasks",
      `This selection has ${finished.length} finished tasks; a bundle holds at most ${BUNDLE_TASKS_MAX}. Export a run or a selection instead.`,
    );
  }

  const { videos, tags } = await bundleRepo.videosAndTags(
    database,
    finished.map((r) => r.id),
  );
  const storage = videoStorage();
  const notes: string[] = [];
  const files: ZipEntry[] = [];
  const tasks: BundleTask[] = [];
  for (const row of finished) {
    const bundleVideos: BundleTask["videos"] = [];
    for (const video of videos.get(row.id) ?? []) {
      const archived =
        video.archived_at !== null &&
        video.archive_key !== null &&
        video.archive_sha256 !== null &&
        video.archive_size !== null;
      const size = archived ? Number(video.archive_size) : null;
      let file: string | null = null;
      if (format === "zip") {
        const stored = archived ? await storage.stat(video.archive_key as string) : undefined;
        if (stored && stored.size === size) {
          file = videoEntryName(video.id);
          const key = video.archive_key as string;
          files.push({
            name: file,
            size: stored.size,
            modified: new Date(video.archived_at as string),
            open: () => storage.open(key),
          });
        } else {
          notes.push(
            archived
              ? `Video ${video.id} of task ${row.id} is missing from the studio's storage, so it is not in this file.`
              : `Video ${video.id} of task ${row.id} was never archived in the studio, so it is not in this file.`,
          );
        }
      }
      bundleVideos.push({ id: video.id, file, size, sha256: archived ? (video.archive_sha256 as string) : null });
    }
    tasks.push({
      id: row.id,
      request: JSON.parse(row.request) as GenerationRequest,
      state: row.state as BundleTask["state"],
      createdAt: row.created_at,
      submittedAt: row.submitted_at,
      finishedAt: row.finished_at,
      upstreamTaskId: row.upstream_task_id,
      traceId: row.trace_id,
      error: row.error_code ? { code: row.error_code, message: row.error_message ?? row.error_code } : null,
      favourite: Number(row.favourite) === 1,
      tags: tags.get(row.id) ?? [],
      notes: row.notes,
      rating: row.rating === null ? null : Number(row.rating),
      runId: row.run_id,
      videos: bundleVideos,
    });
  }
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: now.toISOString(),
    tasks,
    ...(skipped.length > 0 ? { skipped } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
  return { manifest, files };
}

/** `sora-studio-run-2026-11-25.zip` and the like. */
export function exportFilename(selection: ExportSelection, format: ExportFormat, now = new Date()): string {
  const what = "run" in selection ? "run" : "ids" in selection ? "selection" : "all";
  return `sora-studio-${what}-${now.toISOString().slice(0, 10)}.${format}`;
}

/** The export as a download: the manifest as JSON, or a zip streamed as it is read. */
export async function exportResponse(params: URLSearchParams): Promise<Response> {
  const { selection, format } = parseExportQuery(params);
  const now = new Date();
  const { manifest, files } = await buildBundle(selection, format, now);
  const text = JSON.stringify(manifest, null, 2);
  const bytes = Buffer.from(text, "utf8");
  // What is exported must import again: the same cap as the import's.
  if (bytes.length > BUNDLE_JSON_MAX_BYTES) {
    throw new AppError(
      "selection_too_large",
      `This selection's manifest is ${formatBytes(bytes.length)}; a bundle's manifest may be at most ${formatBytes(BUNDLE_JSON_MAX_BYTES)} (inline reference images take room). Export fewer tasks.`,
    );
  }
  const headers = new Headers({
    "content-disposition": `attachment; filename="${exportFilename(selection, format, now)}"`,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  if (format === "json") {
    headers.set("content-type", "application/json; charset=utf-8");
    return new Response(bytes, { headers });
  }
  headers.set("content-type", "application/zip");
  const entries: ZipEntry[] = [
    { name: BUNDLE_MANIFEST_NAME, size: bytes.length, modified: now, open: () => new Blob([bytes]).stream() },
    ...files,
  ];
  return new Response(zipStream(entries), { headers });
}
