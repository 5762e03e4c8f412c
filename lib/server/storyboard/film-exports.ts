import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { filmSegments, filmTimeline, isExportActive, type ExportState, type FilmExport } from "@/lib/schemas/board";
import type { GenerationRequest } from "@/lib/schemas/generation";
import { FRAME_SIZES } from "@/lib/schemas/rules";
import { processSingleton } from "@/lib/shared/process-singleton";
import { hasRole, type Actor } from "../auth/actor";
import { getBoardView } from "./boards";
import { db } from "../db";
import * as repo from "../db/exports-repo";
import type { BoardExportRow } from "../db/schema";
import { onChanges, writeChanges } from "../db/changes";
import { sseResponse, sseStream } from "../http/sse";
import { findVideo, insertMadeTask, type NewTask } from "../db/tasks-repo";
import type { PosterCandidate } from "../db/videos-repo";
import { env } from "../platform/env";
import { AppError, notFound } from "../platform/errors";
import { FFMPEG_INSTALL_HINT, FfmpegError, ffmpegInstalled } from "../media/ffmpeg";
import { probeInputs, renderFilm } from "./film-render";
import { log } from "../platform/log";
import { makePoster } from "../media/posters";
import { fileFor, videoStorage } from "../media/storage";
import { makeScratchDir, removeScratchDir } from "../platform/scratch-dir";

// Film exports: a job row per request, rendered by one process at a time with a lease it renews
// while ffmpeg runs. The film is written to a temp file, stored whole, and only then recorded,
// in one transaction, as a gallery task and the job's result: a half-written film is never shown
// as done. A renderer that dies (a restart, a kill) leaves its lease to run out; the job is then
// rendered again from the start. Cancelling stops ffmpeg at once and leaves nothing behind.

/** The takes and settings of a film, fixed when it was asked for (later edits make a new export). */
type ExportPlan = {
  title: string;
  width: number;
  height: number;
  crossfade: number;
  orientation: "landscape" | "portrait" | "square";
  size: "small" | "large";
  model: GenerationRequest["model"];
  inputs: { shotIndex: number; taskId: string; videoId: string; start: number; end: number }[];
  lengthS: number;
};

/** Exports shown per board (the newest). */
const EXPORTS_LISTED = 5;
/** After this many tries that died mid-render, a job fails instead of starting again. */
const MAX_ATTEMPTS = 3;
/** How often the renderer writes its progress and renews its lease. */
const HEARTBEAT_MS = 1_000;
const FILM_KEY_PREFIX = "films";

type RunnerState = { running: boolean; current?: { id: string; abort: AbortController } };
const runner = () => processSingleton<RunnerState>("film-exports", () => ({ running: false }));

function toView(row: BoardExportRow, videoId?: string | null): FilmExport {
  const plan = JSON.parse(row.plan) as ExportPlan;
  return {
    id: row.id,
    boardId: row.board_id,
    state: row.state as ExportState,
    progress: Math.min(1, Number(row.progress) / 1000),
    error: row.error,
    taskId: row.task_id,
    videoUrl: videoId ? `/api/media/${videoId}` : null,
    lengthS: plan.lengthS,
    shots: plan.inputs.length,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

export async function listExports(boardId: string): Promise<FilmExport[]> {
  await getBoardView(boardId);
  return (await repo.exportsOf(await db(), boardId, EXPORTS_LISTED)).map((row) => toView(row, row.video_id));
}

export async function getExport(boardId: string, exportId: string): Promise<FilmExport> {
  const row = await repo.findExport(await db(), exportId);
  if (!row || row.board_id !== boardId) throw notFound("The export");
  return toView(row, row.video_id);
}

const shotList = (numbers: number[]) => numbers.map((n) => `shot ${n}`).join(", ");

/**
 * Asks for the board's film as it stands. Refused, saying which shots, when a shot has no
 * finished take or its video is not in the studio yet; refused when ffmpeg is missing.
 */
export async function requestExport(boardId: string, actor: Actor): Promise<FilmExport> {
  const { board, takes } = await getBoardView(boardId);
  if (!(await ffmpegInstalled()))
    throw new AppError(
      "ffmpeg_missing",
      `Exporting a film needs ffmpeg, which is not installed on the studio's server. ${FFMPEG_INSTALL_HINT}`,
    );
  const { segments, gaps } = filmSegments(board, new Map(Object.entries(takes)));
  if (gaps.length > 0) {
    const why = {
      no_take: "has no take yet",
      rendering: "is still rendering",
      failed: "has only failed takes",
    } as const;
    const issues = gaps.map((g) => ({ path: `shots.${g.index}`, message: `Shot ${g.index + 1} ${why[g.reason]}` }));
    throw new AppError(
      "film_incomplete",
      `The film needs a finished take for every shot: ${issues.map((i) => i.message.charAt(0).toLowerCase() + i.message.slice(1)).join("; ")}.`,
      { issues },
    );
  }
  const unarchived = segments.filter((s) => !s.take.videos[0]?.archived).map((s) => s.index + 1);
  if (unarchived.length > 0) {
    throw new AppError(
      "not_archived",
      `The video of ${shotList(unarchived)} is still being copied to the studio; export again in a moment.`,
      { retryAfterS: 5 },
    );
  }
  const database = await db();
  const active = await repo.activeExportOf(database, boardId);
  if (active)
    throw new AppError(
      "export_running",
      "This storyboard's film is already being exported; wait for it or cancel it first.",
      { body: { export: toView(active, active.video_id) } },
    );
  const { width, height } = FRAME_SIZES[board.defaults.size][board.defaults.orientation];
  const plan: ExportPlan = {
    title: board.title,
    width,
    height,
    crossfade: board.crossfade,
    orientation: board.defaults.orientation,
    size: board.defaults.size,
    model: board.defaults.model,
    inputs: segments.map((s) => ({
      shotIndex: s.index,
      taskId: s.take.id,
      videoId: s.take.videos[0]?.id as string,
      start: s.start,
      end: s.end,
    })),
    lengthS: filmTimeline(
      segments.map((s) => s.end - s.start),
      board.crossfade,
    ).total,
  };
  const now = new Date().toISOString();
  const row: BoardExportRow = {
    id: randomUUID(),
    board_id: boardId,
    owner_id: actor.id,
    state: "queued",
    plan: JSON.stringify(plan),
    progress: 0,
    error: null,
    task_id: null,
    attempts: 0,
    lease_until: null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  };
  await repo.insertExport(database, row);
  void runExports();
  return toView(row);
}

/** Stops an export: a queued one never starts, a running one's ffmpeg is stopped at once. */
export async function cancelExport(boardId: string, exportId: string, actor: Actor): Promise<FilmExport> {
  const database = await db();
  const row = await repo.findExport(database, exportId);
  if (!row || row.board_id !== boardId) throw notFound("The export");
  const { board } = await getBoardView(boardId);
  if (!hasRole(actor, "admin") && actor.id !== row.owner_id && actor.id !== board.ownerId) {
    throw new AppError(
      "forbidden",
      "Only the person who asked for this export, the storyboard's owner or an admin can cancel it.",
    );
  }
  if (await repo.endExport(database, exportId, "cancelled", null, new Date().toISOString())) {
    const current = runner().current;
    if (current?.id === exportId) current.abort.abort();
  }
  return getExport(boardId, exportId);
}

/**
 * Renders waiting exports, one at a time in this process: the queued ones, and any whose
 * renderer stopped renewing its lease. The worker calls it every tick; a new request calls it at once.
 */
export async function runExports(): Promise<void> {
  const state = runner();
  if (state.running) return;
  state.running = true;
  try {
    for (;;) {
      const database = await db();
      const now = new Date();
      const next = await repo.nextExport(database, now.toISOString());
      if (!next) return;
      if (next.attempts >= MAX_ATTEMPTS) {
        await repo.endExport(
          database,
          next.id,
          "failed",
          `The export stopped ${next.attempts} times before it finished (the server restarted or ran out of memory); try again.`,
          now.toISOString(),
          next.attempts,
        );
        continue;
      }
      if (!(await repo.claimExport(database, next, leaseFrom(now), now.toISOString()))) continue;
      await render({ ...next, attempts: next.attempts + 1 });
    }
  } catch (error) {
    log.error("film exports stopped", { error: error instanceof Error ? error.message : String(error) });
  } finally {
    state.running = false;
  }
}

const leaseFrom = (now: Date) => new Date(now.getTime() + env().EXPORT_LEASE_MS).toISOString();

async function render(job: BoardExportRow): Promise<void> {
  const plan = JSON.parse(job.plan) as ExportPlan;
  const abort = new AbortController();
  runner().current = { id: job.id, abort };
  const database = await db();
  const dir = await makeScratchDir("film");
  let progress = 0;
  // Progress out, lease renewed; a job that is no longer ours (cancelled) stops the render.
  const heartbeat = setInterval(() => {
    const now = new Date();
    void repo
      .renewExport(database, job.id, job.attempts, Math.round(progress * 999), leaseFrom(now), now.toISOString())
      .then(
        (ours) => ours || abort.abort(),
        () => undefined,
      );
  }, HEARTBEAT_MS);
  const startedAt = Date.now();
  try {
    const files = [];
    for (const input of plan.inputs) {
      const video = await findVideo(database, input.videoId);
      if (!video?.archive_key || !video.archived_at)
        throw new AppError(
          "video_gone",
          `The take of shot ${input.shotIndex + 1} was deleted; choose another take and export again.`,
        );
      files.push({ file: await fileFor(videoStorage(), video.archive_key, dir), start: input.start, end: input.end });
    }
    const inputs = await probeInputs(files, abort.signal);
    const output = path.join(dir, "film.mp4");
    const result = await renderFilm(
      inputs,
      { width: plan.width, height: plan.height, crossfade: plan.crossfade },
      output,
      { signal: abort.signal, onProgress: (f) => (progress = f) },
    );
    clearInterval(heartbeat);
    const video = await store(job, plan, output, result.lengthS);
    log.info("film exported", {
      exportId: job.id,
      boardId: job.board_id,
      mode: result.mode,
      shots: plan.inputs.length,
      lengthS: result.lengthS,
      ms: Date.now() - startedAt,
    });
    if (video) void makePoster(video);
  } catch (error) {
    const cancelled = abort.signal.aborted || (error instanceof FfmpegError && error.aborted);
    if (!cancelled) {
      const message =
        error instanceof AppError
          ? error.message
          : `The film could not be rendered: ${error instanceof Error ? error.message : String(error)}`;
      log.warn("film export failed", {
        exportId: job.id,
        error: error instanceof Error ? error.message : String(error),
      });
      await repo.endExport(database, job.id, "failed", message, new Date().toISOString(), job.attempts);
    } else log.info("film export cancelled", { exportId: job.id });
  } finally {
    clearInterval(heartbeat);
    runner().current = undefined;
    await removeScratchDir(dir);
  }
}

/**
 * Stores the film and records it as a finished gallery task, and the job as done, in one
 * transaction. A job cancelled in the meantime keeps nothing: the stored file is removed.
 */
async function store(
  job: BoardExportRow,
  plan: ExportPlan,
  output: string,
  lengthS: number,
): Promise<PosterCandidate | undefined> {
  const database = await db();
  const key = `${FILM_KEY_PREFIX}/${job.id}.mp4`;
  const size = (await fs.promises.stat(output)).size;
  const stored = await videoStorage().put(
    key,
    Readable.toWeb(fs.createReadStream(output)) as unknown as ReadableStream<Uint8Array>,
    { expectedSize: size, contentType: "video/mp4" },
  );
  const now = new Date().toISOString();
  const task: NewTask = {
    id: randomUUID(),
    // What the film is, in the shape every task has: its settings and its real length.
    request: {
      prompt: `${plan.title} — a film of ${plan.inputs.length} shot${plan.inputs.length === 1 ? "" : "s"}`,
      model: plan.model,
      size: plan.size,
      duration: Math.round(lengthS),
      orientation: plan.orientation,
    },
    now,
    ownerId: job.owner_id,
  };
  const video = { id: randomUUID(), upstreamId: `film-${job.id}`, key, size: stored.size, sha256: stored.sha256 };
  const done = await writeChanges(database, async (trx, events) => {
    if (!(await repo.finishExport(trx, events, job.id, job.attempts, task.id, now))) return false;
    await insertMadeTask(trx, events, task, video);
    return true;
  });
  if (!done) {
    await videoStorage().delete(key);
    return undefined;
  }
  return { id: video.id, archive_key: key };
}

/** An export stream's safety net: a change whose notice was lost is still seen this often. */
const STREAM_SWEEP_MS = 5_000;
const STREAM_PING_MS = 15_000;

/**
 * `text/event-stream` of one export: an `export` event with the whole view each time it changes,
 * until it ends (succeeded, failed or cancelled), then the stream closes. It wakes on the export's
 * committed changes (writeChanges announces them, across instances on Postgres) and reads the
 * database then, so it follows an export rendered by any instance without polling it.
 */
export async function exportEventStream(boardId: string, exportId: string, signal: AbortSignal): Promise<Response> {
  let last = JSON.stringify(await getExport(boardId, exportId));
  const stream = sseStream({ signal, heartbeatMs: STREAM_PING_MS }, (channel) => {
    channel.send(`retry: 1000\nevent: export\ndata: ${last}\n\n`);
    if (!isExportActive((JSON.parse(last) as FilmExport).state)) return channel.close();
    // One look at a time; a change during a look asks for one more after it.
    let looking = false;
    let again = false;
    const look = async () => {
      if (looking) {
        again = true;
        return;
      }
      looking = true;
      try {
        do {
          again = false;
          if (channel.closed) return;
          const view = await getExport(boardId, exportId);
          const text = JSON.stringify(view);
          if (text !== last) {
            last = text;
            channel.send(`event: export\ndata: ${text}\n\n`);
          }
          if (!isExportActive(view.state)) return channel.close();
        } while (again);
      } catch {
        channel.close();
      } finally {
        looking = false;
      }
    };
    channel.onClose(
      onChanges((topic) => {
        if (topic === `export:${exportId}`) void look();
      }),
    );
    const sweep = setInterval(() => void look(), STREAM_SWEEP_MS);
    channel.onClose(() => clearInterval(sweep));
    // A change committed between the first read and the subscription above is not missed.
    void look();
  });
  return sseResponse(stream);
}
