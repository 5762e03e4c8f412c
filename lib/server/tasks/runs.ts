import "server-only";
import { assertOffered } from "../catalog/offered";
import type { Actor } from "../auth/actor";
import { chargeWithinQuota } from "../auth/quotas";
import { randomUUID } from "node:crypto";
import type { Task } from "@/lib/schemas/task";
import { expandVariations, variationsProblem, type RunBody } from "@/lib/schemas/variations";
import { db } from "../db";
import * as repo from "../db/tasks-repo";
import { AppError } from "../platform/errors";
import { trySubmit } from "./lifecycle";
import { checkUploadRefs } from "../media/uploads";

// POST /api/runs: one composer submission that becomes several tasks (variations). The base
// request is checked exactly as POST /api/videos checks one (by the route, with runBodySchema),
// the batch is expanded by the shared code the composer previews with, and every task is stored
// in one transaction under one run id. Pacing is the submission queue's job, as for any queued
// task: the first is tried at once, the worker submits the rest within
// UPSTREAM_MIN_SUBMIT_INTERVAL_MS / MAX_IN_FLIGHT.

export type Run = { runId: string; tasks: Task[] };

/** An upload problem of the base request, reported where it is in this body (`request.image_urls.1`). */
function underRequest(error: unknown): unknown {
  if (!(error instanceof AppError) || !error.extra.issues) return error;
  const issues = error.extra.issues.map((issue) => ({ ...issue, path: `request.${issue.path}` }));
  const fields = [...new Set(issues.map((i) => i.path))].join(", ");
  return new AppError(error.code, `Invalid ${fields}: ${issues[0]?.message}`, { ...error.extra, issues });
}

function refuseVariations(message: string): AppError {
  return new AppError("invalid_request", `Invalid variations: ${message}`, {
    issues: [{ path: "variations", message }],
  });
}

export async function createRun({ request, variations }: RunBody, owner: Actor): Promise<Run> {
  const { requests, skipped } = expandVariations(request, variations);
  const problem = variationsProblem({ requests, skipped });
  if (problem?.code === "too_many") {
    throw refuseVariations(
      `These variations make ${problem.count} videos; a run makes at most ${problem.max}. Pick fewer values.`,
    );
  }
  if (problem?.code === "none_valid") {
    const reasons = [...new Set(skipped.map((s) => s.reason.message))].join("; ");
    throw refuseVariations(`No combination of these variations is a valid request (${reasons}).`);
  }
  // The uploads are the same in every combination: checked once, before anything is stored.
  try {
    for (const model of new Set(requests.map((r) => r.model))) assertOffered(model);
    await checkUploadRefs(request);
  } catch (error) {
    throw underRequest(error);
  }
  const runId = randomUUID();
  const start = Date.now();
  // A millisecond apart, in the expansion's order: the queue (oldest first) submits them in it.
  const planned = requests.map((r, i) => ({
    id: randomUUID(),
    request: r,
    runId,
    now: new Date(start + i).toISOString(),
    ownerId: owner.id,
  }));
  const tasks = await repo.insertTasks(await db(), planned, { before: chargeWithinQuota(owner, planned) });
  const first = tasks[0] as Task;
  const outcome = await trySubmit(first.id);
  return { runId, tasks: outcome ? [outcome.task, ...tasks.slice(1)] : tasks };
}
