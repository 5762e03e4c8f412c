import "server-only";
import type { Actor } from "../auth/actor";
import { randomUUID } from "node:crypto";
import { generationSchema, type GenerationRequest } from "@/lib/schemas/generation";
import { DEFAULT_GENERATION, DURATIONS, MODELS, ORIENTATIONS, SIZES } from "@/lib/schemas/rules";
import type { Task } from "@/lib/schemas/task";
import type { TaskImport } from "@/lib/schemas/task-import";
import { REQUEST_FIELDS } from "@/lib/shared/acedata-codes";
import { acedata } from "../upstream/client";
import { db } from "../db";
import * as repo from "../db/tasks-repo";
import { AppError } from "../platform/errors";
import { recordUpdate } from "./lifecycle";
import { readPhase, type UpstreamRecord, UpstreamFailure } from "../upstream/records";

// `POST /api/tasks/import {task_id}`: adopts a task created elsewhere (curl, another studio)
// by its upstream id (checked by the route with taskImportSchema). From then on it is followed,
// archived and shown like any other.

export async function importTask(
  { task_id: upstreamTaskId }: TaskImport,
  owner: Actor,
): Promise<{ task: Task; created: boolean }> {
  const database = await db();
  const existing = await repo.findTaskByUpstreamId(database, upstreamTaskId);
  if (existing) return { task: existing, created: false };

  let record: UpstreamRecord;
  try {
    // Import by id reads Sora records for now; the other services follow with their record readers.
    record = await acedata().retrieve("sora", upstreamTaskId);
  } catch (error) {
    if (error instanceof UpstreamFailure && error.status === 400) {
      throw new AppError("upstream_task_not_found", `AceData has no task with id ${upstreamTaskId} for this account.`, {
        issues: [{ path: "task_id", message: "unknown to AceData" }],
      });
    }
    throw error;
  }
  if (record.id !== upstreamTaskId)
    throw new AppError("upstream_error", "AceData answered with a different task than the one asked for.");

  const id = randomUUID();
  const now = new Date().toISOString();
  try {
    await repo.insertTask(database, {
      id,
      request: requestFromRecord(record.request),
      now,
      ownerId: owner.id,
      imported: {
        upstreamTaskId,
        traceId: record.trace_id ?? null,
        submittedAt: createdAtOf(record.created_at) ?? now,
      },
    });
  } catch (error) {
    // Two imports of the same id at once: the unique upstream id lets exactly one row in.
    const winner = await repo.findTaskByUpstreamId(database, upstreamTaskId);
    if (winner) return { task: winner, created: false };
    throw error;
  }
  await recordUpdate(id, { kind: "phase", phase: readPhase(record.response) });
  const task = await repo.findTask(database, id);
  if (!task) throw new AppError("task_deleted", "The imported task was deleted while it was being imported.");
  return { task, created: true };
}

/**
 * The request an upstream record echoes, as one of ours. A task made with options this studio
 * does not offer (say version 2.0 sizes) keeps its prompt; the rest falls back to defaults so
 * that "re-run" still makes a valid request.
 */
export function requestFromRecord(raw: unknown): GenerationRequest {
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const pick = <T>(value: unknown, allowed: readonly T[], fallback: T): T =>
    allowed.includes(value as T) ? (value as T) : fallback;
  const exact = generationSchema.safeParse(
    Object.fromEntries(REQUEST_FIELDS.filter((k) => r[k] !== undefined).map((k) => [k, r[k]])),
  );
  if (exact.success) return exact.data;
  const model = pick(r.model, MODELS, DEFAULT_GENERATION.model);
  const duration = pick(Number(r.duration), DURATIONS, DEFAULT_GENERATION.duration);
  return {
    prompt:
      typeof r.prompt === "string" && r.prompt.trim() !== "" ? r.prompt.trim() : "(imported task without a prompt)",
    model,
    size: pick(r.size, SIZES, DEFAULT_GENERATION.size),
    duration: duration === 25 && model !== "sora-2-pro" ? DEFAULT_GENERATION.duration : duration,
    orientation: pick(r.orientation, ORIENTATIONS, DEFAULT_GENERATION.orientation),
  };
}

function createdAtOf(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value))
    return new Date(value > 1e12 ? value : value * 1000).toISOString();
  if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return new Date(Date.parse(value)).toISOString();
  return undefined;
}
