import "server-only";
import { audit } from "../auth/audit";
import { assertOffered } from "../catalog/offered";
import { hasRole, LOCAL_ACTOR, type Actor } from "../auth/actor";
import { chargeWithinQuota } from "../auth/quotas";
import { randomUUID } from "node:crypto";
import type { GenerationRequest } from "@/lib/schemas/generation";
import type { Task, TaskState } from "@/lib/schemas/task";
import type { TaskEdit } from "@/lib/schemas/task-edit";
import { backoffMs } from "@/lib/shared/backoff";
import { acedata, type CreateAnswer } from "../upstream/client";
import { deleteArchive } from "../media/archive";
import { newCallback } from "../upstream/callback-secret";
import { db } from "../db";
import * as repo from "../db/tasks-repo";
import { delayTimeSlot, giveBackTimeSlot, takeTimeSlot } from "../db/leases-repo";
import { env } from "../platform/env";
import { AppError, notFound } from "../platform/errors";
import * as taskList from "../db/task-list";
import { log } from "../platform/log";
import { UploadGone, checkUploadRefs, resolveUploadRefs } from "../media/uploads";
import { UpstreamFailure, withoutRetryPromise, type Phase } from "../upstream/records";

// The task state machine and the service functions around it. Every change of a task's state
// (a submission, a poll, a callback, an import, a deadline) goes through `transition`, a pure
// function that refuses to move a task backwards, so duplicate or late updates are harmless.
// `recordUpdate` writes the change and its task_events row together, then wakes the event feed.

export type Update =
  | { kind: "accepted"; upstreamTaskId: string; traceId: string | null }
  /** Upstream proof (a callback confirmed by retrieve) that a submission whose answer we lost did create this task. */
  | { kind: "adopted"; upstreamTaskId: string; traceId: string | null }
  | { kind: "phase"; phase: Phase }
  | { kind: "submit_failed"; failure: UpstreamFailure; callbackWatched?: boolean }
  | { kind: "deadline"; minutes: number }
  | { kind: "lost"; detail: string }
  /** The submitter died (or lost its database) in the middle of a create call. */
  | { kind: "claim_expired" }
  /** An uploaded file the request names is gone before submission: nothing was sent. */
  | { kind: "upload_gone"; message: string };

type Current = { state: TaskState; attempts: number; errorCode?: string | null };
export type Transition = { state: TaskState; patch: repo.TaskPatch; videos: repo.NewVideo[] };

const RANK: Record<TaskState, number> = { queued: 0, submitted: 1, processing: 2, succeeded: 3, failed: 3 };
export const SUBMIT_MAX_ATTEMPTS = 8;
export const SUBMIT_OUTCOME_UNKNOWN = "submit_outcome_unknown";
/** Failures decided by the studio alone, not by AceData: a later confirmed success overrides them. */
const LOCAL_GIVE_UPS = new Set(["deadline_exceeded", "upstream_task_missing"]);

export function isLocalGiveUp(errorCode: string | null | undefined): boolean {
  return errorCode !== null && errorCode !== undefined && LOCAL_GIVE_UPS.has(errorCode);
}

/** How long a submit claim outlasts the create call's timeout (covers storing the answer). */
const CLAIM_MARGIN_MS = 15_000;
const SUBMIT_BACKOFF_MAX_MS = 60_000;

export function submitBackoffMs(attempts: number, retryAfterS?: number): number {
  return Math.max(backoffMs(attempts, 2_000, SUBMIT_BACKOFF_MAX_MS), (retryAfterS ?? 0) * 1000);
}

/** The next state and the row patch for an update, or null when the update changes nothing. */
export function transition(current: Current, update: Update, now: Date): Transition | null {
  const at = now.toISOString();
  const to = (state: TaskState, patch: repo.TaskPatch = {}, videos: repo.NewVideo[] = []): Transition | null => {
    if (RANK[state] < RANK[current.state] || (RANK[current.state] === 3 && state !== current.state)) return null;
    if (state === current.state && state !== "queued" && state !== "processing") return null;
    const finished = state === "succeeded" || state === "failed";
    return {
      state,
      patch: { state, updated_at: at, ...(finished ? { finished_at: at, claimed_until: null } : {}), ...patch },
      videos,
    };
  };
  switch (update.kind) {
    case "accepted":
      if (current.state !== "queued") return null;
      return to("submitted", {
        upstream_task_id: update.upstreamTaskId,
        trace_id: update.traceId,
        submitted_at: at,
        claimed_until: null,
        error_code: null,
        error_message: null,
        next_attempt_at: null,
        attempts: current.attempts + 1,
      });
    case "adopted": {
      // The one way out of `failed`: the task we feared lost does exist upstream after all.
      const lostAnswer = current.state === "failed" && current.errorCode === SUBMIT_OUTCOME_UNKNOWN;
      if (current.state !== "queued" && !lostAnswer) return null;
      return {
        state: "submitted",
        videos: [],
        patch: {
          state: "submitted",
          updated_at: at,
          upstream_task_id: update.upstreamTaskId,
          trace_id: update.traceId,
          submitted_at: at,
          finished_at: null,
          claimed_until: null,
          error_code: null,
          error_message: null,
          next_attempt_at: null,
        },
      };
    }
    case "submit_failed": {
      if (current.state !== "queued") return null;
      const attempts = current.attempts + 1;
      const { failure } = update;
      if (failure.upstream.mayHaveCreated) {
        // Resending could make a second task that is paid for twice; say so and let the user decide.
        return to("failed", {
          attempts,
          next_attempt_at: null,
          error_code: SUBMIT_OUTCOME_UNKNOWN,
          error_message: `${withoutRetryPromise(failure.message)} while submitting, so AceData may have created this video anyway. The studio did not send it again, to avoid paying twice${update.callbackWatched ? "; if AceData did make it, its callback will bring it here" : ""}. Re-run it if no video arrives.`,
        });
      }
      if (failure.upstream.retryable && attempts < SUBMIT_MAX_ATTEMPTS) {
        const retryAt = new Date(now.getTime() + submitBackoffMs(attempts, failure.extra.retryAfterS)).toISOString();
        return to("queued", {
          attempts,
          next_attempt_at: retryAt,
          claimed_until: null,
          error_code: failure.code,
          error_message: failure.message,
        });
      }
      const message = failure.upstream.retryable
        ? `Gave up after ${attempts} attempts: ${withoutRetryPromise(failure.message)}.`
        : failure.message;
      return to("failed", { attempts, next_attempt_at: null, error_code: failure.code, error_message: message });
    }
    case "phase": {
      const { phase } = update;
      if (phase.phase === "pending") return null;
      if (phase.phase === "processing") return current.state === "processing" ? null : to("processing");
      if (phase.phase === "failed") {
        return to("failed", { error_code: phase.error.code, error_message: plainFailure(phase.error) });
      }
      const videos = phase.videos.map((v) => ({
        id: randomUUID(),
        upstreamId: v.id,
        sourceUrl: v.url,
        expiresAt: v.expiresAt,
      }));
      if (current.state === "failed" && isLocalGiveUp(current.errorCode)) {
        // AceData finished after the studio stopped waiting: the video exists and was paid for, so show it.
        return {
          state: "succeeded",
          videos,
          patch: { state: "succeeded", updated_at: at, finished_at: at, error_code: null, error_message: null },
        };
      }
      return to("succeeded", { error_code: null, error_message: null }, videos);
    }
    case "deadline":
      if (RANK[current.state] === 3) return null;
      return to("failed", {
        error_code: "deadline_exceeded",
        error_message: `The provider did not finish this task within ${update.minutes} minutes; the studio stopped waiting. Re-run it to try again.`,
      });
    case "claim_expired":
      if (current.state !== "queued") return null;
      return to("failed", {
        next_attempt_at: null,
        error_code: SUBMIT_OUTCOME_UNKNOWN,
        error_message:
          "The studio stopped while submitting this video, so AceData may have created it anyway. The studio did not send it again, to avoid paying twice; if AceData did make it, its callback (when callbacks are on) will bring it here. Re-run it if no video arrives.",
      });
    case "upload_gone":
      if (current.state !== "queued") return null;
      return to("failed", { next_attempt_at: null, error_code: "upload_missing", error_message: update.message });
    case "lost":
      if (RANK[current.state] === 3) return null;
      return to("failed", {
        error_code: "upstream_task_missing",
        error_message: `AceData no longer knows this task (${update.detail}); re-run it.`,
      });
  }
}

/** A task that failed upstream, in one plain sentence with the provider's reason. */
function plainFailure(error: { code: string; message: string }): string {
  switch (error.code) {
    case "forbidden":
      return `The provider's moderation rejected this video: ${error.message}. Change the prompt or references and re-run.`;
    case "used_up":
      return "The AceData balance ran out before this video was made; top it up, then re-run.";
    case "timeout":
      return `The provider timed out making this video (${error.message}); re-run it.`;
    default:
      return `The provider could not make this video: ${error.message}`;
  }
}

/**
 * Applies an update to a stored task. Concurrent writers cannot double-apply: the write only
 * lands if the state is still the one the decision was made on. False when the task is unknown.
 */
export async function recordUpdate(taskId: string, update: Update, now = new Date()): Promise<boolean> {
  const database = await db();
  // A lost race means the state moved on, and states only move forward, so a few rounds suffice.
  for (let attempt = 0; attempt < 6; attempt++) {
    const row = await repo.findTaskRow(database, taskId);
    if (!row) return false;
    const next = transition(
      { state: row.state as TaskState, attempts: Number(row.attempts), errorCode: row.error_code },
      update,
      now,
    );
    if (!next) {
      if (update.kind === "accepted" && row.upstream_task_id !== update.upstreamTaskId) {
        // Should not happen (the submit claim prevents it), but if it does, keep the evidence.
        log.error("an upstream task was created for a task that had already moved on", {
          taskId,
          state: row.state,
          orphanUpstreamTaskId: update.upstreamTaskId,
        });
      }
      return true;
    }
    if (await repo.updateTaskIf(database, taskId, row.state, next.patch, next.videos)) {
      log.info("task changed", { taskId, from: row.state, to: next.state, update: update.kind });
      return true;
    }
    // Someone else changed the row between our read and write: read again and re-decide.
  }
  log.error("an update could not be applied: the task kept changing under it", { taskId, update: update.kind });
  return true;
}

/** Applies an update and returns the task as it is now (for callers that answer with it). */
async function applyUpdate(taskId: string, update: Update): Promise<Task | undefined> {
  return (await recordUpdate(taskId, update)) ? repo.findTask(await db(), taskId) : undefined;
}

// --- submission ------------------------------------------------------------------------

// The pace of submissions, shared by every route handler and worker of every instance (a lease
// row in the database): at most one per UPSTREAM_MIN_SUBMIT_INTERVAL_MS, none before a
// Retry-After the upstream asked for.
const SUBMIT_SLOT = "submit-slot";

export type SubmitOutcome = { task: Task; failure?: UpstreamFailure };

/**
 * Submits a queued task upstream in async mode if a slot is free. A claim on the row makes
 * sure the route handler and the worker (or two processes) never both submit it.
 */
export async function trySubmit(taskId: string): Promise<SubmitOutcome | undefined> {
  const e = env();
  const database = await db();
  const startedAt = Date.now();
  const now = new Date(startedAt);
  const slotEnd = new Date(startedAt + e.UPSTREAM_MIN_SUBMIT_INTERVAL_MS).toISOString();
  if (!(await takeTimeSlot(database, SUBMIT_SLOT, now.toISOString(), slotEnd))) return undefined;
  // Nothing was sent after all: the slot goes back for the next task.
  const giveBack = (): undefined => {
    void giveBackTimeSlot(database, SUBMIT_SLOT, slotEnd, now.toISOString()).catch(() => undefined);
  };
  if ((await repo.countInFlight(database)) >= e.UPSTREAM_MAX_IN_FLIGHT) return giveBack();
  // The claim outlives the slowest possible create call and the retries that store its answer,
  // so it only runs out when this process died mid-call.
  const claimUntil = new Date(startedAt + e.UPSTREAM_TIMEOUT_MS + CLAIM_MARGIN_MS).toISOString();
  // A new callback secret per attempt; its hash is stored with the claim, before the call, so a
  // callback can never arrive for a secret we have not recorded.
  const callback = newCallback();
  if (!(await repo.claimForSubmit(database, taskId, claimUntil, callback?.hash ?? null))) return giveBack();
  const row = await repo.findTaskRow(database, taskId);
  if (!row) return giveBack();

  // The stored request names uploads by their short path; upstream gets URLs it can fetch.
  let request: GenerationRequest;
  try {
    request = await resolveUploadRefs(JSON.parse(row.request) as GenerationRequest);
  } catch (error) {
    giveBack();
    if (error instanceof UploadGone) {
      const task = await applyUpdate(taskId, { kind: "upload_gone", message: error.message });
      return task && { task };
    }
    await database.updateTable("tasks").set({ claimed_until: null }).where("id", "=", taskId).execute();
    throw error;
  }
  let answer: CreateAnswer;
  try {
    answer = await acedata().create(request, { async: true, ...(callback ? { callback_url: callback.url } : {}) });
  } catch (error) {
    if (!(error instanceof UpstreamFailure)) {
      await database.updateTable("tasks").set({ claimed_until: null }).where("id", "=", taskId).execute();
      throw error;
    }
    log.warn("submit failed", { taskId, code: error.code, upstream: error.upstream });
    if (error.extra.retryAfterS !== undefined)
      await delayTimeSlot(database, SUBMIT_SLOT, new Date(Date.now() + error.extra.retryAfterS * 1000).toISOString());
    const task = await applyUpdate(taskId, {
      kind: "submit_failed",
      failure: error,
      callbackWatched: callback !== undefined,
    });
    return task && { task, failure: error };
  }
  // The upstream task exists now: its id must be stored. The claim stays until it is; if it
  // never is, the claim runs out and the task ends as "outcome unknown", never sent twice.
  const accepted: Update = { kind: "accepted", upstreamTaskId: answer.task_id, traceId: answer.trace_id ?? null };
  for (let attempt = 1; ; attempt++) {
    try {
      const task = await applyUpdate(taskId, accepted);
      return task && { task };
    } catch (error) {
      log.error("could not store an accepted task", {
        taskId,
        upstreamTaskId: answer.task_id,
        attempt,
        error: error instanceof Error ? error.message : String(error),
      });
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
  }
}

/** Stores a new generation and submits it at once when a slot is free (else the worker will). */
export async function createGeneration(request: GenerationRequest, owner: Actor = LOCAL_ACTOR): Promise<SubmitOutcome> {
  assertOffered(request.model);
  // Every upload it names must be here, as the right kind: refused before anything is stored.
  await checkUploadRefs(request);
  const database = await db();
  const id = randomUUID();
  const task = await repo.insertTask(
    database,
    { id, request, now: new Date().toISOString(), ownerId: owner.id },
    { before: chargeWithinQuota(owner, [{ id, request }]) },
  );
  const outcome = await trySubmit(task.id);
  return outcome ?? { task };
}

/**
 * Settles submissions abandoned mid-call (a crash, a kill -9) as "outcome unknown" without
 * resending them, then submits queued tasks whose time has come, as far as the cap allows.
 */
export async function submitDue(now = new Date()): Promise<void> {
  const database = await db();
  for (const row of await repo.listAbandonedClaims(database, now.toISOString())) {
    log.warn("a submission was abandoned mid-call; not resending it", { taskId: row.id });
    await recordUpdate(row.id, { kind: "claim_expired" }, now);
  }
  for (const row of await repo.listDueQueued(database, now.toISOString(), env().UPSTREAM_MAX_IN_FLIGHT)) {
    await trySubmit(row.id);
  }
}

/**
 * Forgets a task: its row, its videos and their archived files. A task being submitted this very
 * moment cannot be deleted (409): the create call may still make a video that nobody would track.
 * Deleting a queued task cancels it; a task still rendering upstream simply stops being followed.
 */
export async function deleteTask(id: string, actor: Actor): Promise<void> {
  const task = await getTask(id);
  assertMayChange(actor, task);
  const result = await repo.deleteTask(await db(), id, new Date().toISOString());
  if (result === undefined) throw notFound("The task");
  if (result === "busy")
    throw new AppError("task_busy", "This task is being submitted right now; try deleting it again in a few seconds.", {
      retryAfterS: 5,
    });
  if (actor.id) {
    const detail = {
      owner: task.ownerId,
      state: task.state,
      upstreamTaskId: task.upstreamTaskId,
      seconds: task.request.duration,
      prompt: task.request.prompt.slice(0, 300),
    };
    await audit({ actor, action: "task_deleted", target: id, detail });
  }
  await deleteArchive(result.archiveKeys);
}

export async function getTask(id: string): Promise<Task> {
  const task = await repo.findTask(await db(), id);
  if (!task) throw notFound("The task");
  return task;
}

/** One page of the gallery's list; a day that does not exist (2026-02-30) is refused at its field. */
export async function listTasks(filter: taskList.ListFilter) {
  for (const field of ["from", "to"] as const) {
    const day = filter[field];
    if (day !== undefined && !taskList.dayBounds(day)) {
      throw new AppError("invalid_request", `Invalid ${field}: ${day} is not a day of the calendar`, {
        issues: [{ path: field, message: `${day} is not a day of the calendar` }],
      });
    }
  }
  if (filter.cursor !== undefined && !taskList.decodeCursor(filter.cursor)) {
    throw new AppError("invalid_request", "Invalid cursor: use nextCursor from a previous page.", {
      issues: [{ path: "cursor", message: "Unreadable cursor" }],
    });
  }
  return taskList.listTasks(await db(), filter);
}

/** Only a task's owner or an admin may change or delete it (with sign-in off, the one user is both). */
function assertMayChange(actor: Actor, task: Task): void {
  if (!hasRole(actor, "admin") && task.ownerId !== actor.id) {
    throw new AppError(
      "forbidden",
      "Only the person who made this video, or an admin of the studio, can change or delete it.",
    );
  }
}

/**
 * A user's edit of a task (star, tags, notes, rating), validated by the route with taskEditSchema,
 * written in one transaction with its event, and pushed to every open gallery like any other change.
 */
export async function editTask(id: string, edit: TaskEdit, actor: Actor): Promise<Task> {
  assertMayChange(actor, await getTask(id));
  const database = await db();
  if (!(await repo.editTask(database, id, edit, new Date().toISOString()))) throw notFound("The task");
  return getTask(id);
}
