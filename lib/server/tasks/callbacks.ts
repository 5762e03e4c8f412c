import "server-only";
import { serviceOf } from "@/lib/schemas/catalog";
import { z } from "zod";
import { acedata } from "../upstream/client";
import { hashSecret, isWellFormedSecret, secretMatches } from "../upstream/callback-secret";
import { db } from "../db";
import * as repo from "../db/tasks-repo";
import { AppError, notFound } from "../platform/errors";
import { log } from "../platform/log";
import { noteCallbackArrived } from "./poller";
import { isLocalGiveUp, recordUpdate } from "./lifecycle";
import { readPhase, UpstreamFailure, type UpstreamRecord } from "../upstream/records";

// The upstream's callback: `POST /api/callbacks/<secret>` with the same JSON as a synchronous
// answer. Its body is only a hint: the task is read back with `retrieve` and that record is
// what gets applied, so a forged or stale body can never finish a task by itself.

export const CALLBACK_BODY_MAX_BYTES = 256 * 1024;

const callbackBody = z.looseObject({
  task_id: z.string({ error: "task_id is required" }).min(1, "task_id is required").max(200),
  success: z.boolean().optional(),
  trace_id: z.string().optional(),
  data: z.array(z.unknown()).optional(),
});

export type CallbackOutcome = "applied" | "already_finished" | "deferred";

export async function receiveCallback(secret: string, body: unknown): Promise<CallbackOutcome> {
  // Same answer for a malformed and an unknown secret: nothing to learn from probing.
  if (!isWellFormedSecret(secret)) throw notFound("The callback");
  const database = await db();
  const row = await repo.findTaskRowByCallbackHash(database, hashSecret(secret));
  if (!row?.callback_secret_hash || !secretMatches(secret, row.callback_secret_hash)) throw notFound("The callback");

  const parsed = callbackBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("invalid_callback", `Invalid callback body: ${issue?.message ?? "expected a JSON object"}.`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join(".") || "body", message: i.message })),
    });
  }
  const upstreamTaskId = parsed.data.task_id;
  if (row.upstream_task_id !== null && row.upstream_task_id !== upstreamTaskId) {
    throw new AppError("invalid_callback", "The callback's task_id is not the task this callback URL belongs to.", {
      issues: [{ path: "task_id", message: "does not match" }],
    });
  }
  const finished = row.state === "succeeded" || (row.state === "failed" && !isLocalGiveUp(row.error_code));
  if (row.upstream_task_id !== null && finished) return "already_finished";

  let record: UpstreamRecord;
  try {
    record = await acedata().retrieve(serviceOf(row.model), upstreamTaskId);
  } catch (error) {
    if (!(error instanceof UpstreamFailure)) throw error;
    // Could not confirm now: the poller asks in its next round instead.
    log.warn("callback confirmation failed", { taskId: row.id, code: error.code });
    if (row.upstream_task_id !== null) await repo.markPollDue(database, row.id);
    return "deferred";
  }
  if (row.upstream_task_id === null) {
    // The create call's answer was lost (or has not been stored yet). The record echoes the
    // request it was created with; only a record carrying this very callback URL is ours.
    const echoed = (record.request as { callback_url?: unknown } | undefined)?.callback_url;
    if (typeof echoed !== "string" || !echoed.endsWith(`/api/callbacks/${secret}`)) {
      throw new AppError(
        "invalid_callback",
        "The callback names an upstream task that was not created for this callback URL.",
        { issues: [{ path: "task_id", message: "not created with this callback" }] },
      );
    }
    await recordUpdate(row.id, { kind: "adopted", upstreamTaskId, traceId: record.trace_id ?? null });
  }
  await recordUpdate(row.id, { kind: "phase", phase: readPhase(record.response) });
  // Confirmed by AceData: callbacks do reach this studio, so the poller may lean on them.
  await noteCallbackArrived();
  log.info("callback applied", { taskId: row.id });
  return "applied";
}
