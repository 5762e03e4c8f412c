import "server-only";
import { serviceOf, type ServiceId } from "@/lib/schemas/catalog";
import { processSingleton } from "@/lib/shared/process-singleton";
import { acedata } from "../upstream/client";
import { db } from "../db";
import { readSetting, writeSetting } from "../db/settings-repo";
import * as repo from "../db/tasks-repo";
import { env } from "../platform/env";
import { log } from "../platform/log";
import { nextRoundMs, type PollSettings, type PolledTask } from "./poll-schedule";
import { recordUpdate } from "./lifecycle";
import { readPhase, type UpstreamRecord, UpstreamFailure } from "../upstream/records";

// The one poller: a round asks `retrieve_batch` about every unfinished task at once, when the
// earliest of them is due (poll-schedule.ts). No unfinished task, no call. Callbacks, when they
// work, make rounds rare; the poller stays as the safety net for a callback that never comes.

const BATCH_SIZE = 50;
/** After this many rounds in a row without a task in the batch answer, ask about it alone. */
const MISSING_BEFORE_SINGLE_RETRIEVE = 3;
/** How long one genuine callback vouches that callbacks reach this studio. */
const CALLBACKS_TRUSTED_FOR_MS = 6 * 3600_000;

export type RoundResult = { retrieveCalls: number; failure?: { retryAfterS?: number } };

export function pollSettings(): PollSettings {
  const e = env();
  return {
    minMs: e.POLL_INTERVAL_MS,
    maxMs: e.POLL_MAX_INTERVAL_MS,
    rampMs: e.POLL_RAMP_MS,
    callbackMs: e.POLL_CALLBACK_INTERVAL_MS,
  };
}

const callbackState = () => processSingleton("callbacks-seen", () => ({ lastAt: 0 }));
/** Where the last confirmed callback's time is kept for every instance (a callback may reach any of them, the poller runs on one). */
const CALLBACK_SEEN_SETTING = "callback_seen_at";

/** A callback arrived and AceData confirmed it: tasks with callbacks can now rely on them. */
export async function noteCallbackArrived(now = Date.now()): Promise<void> {
  callbackState().lastAt = now;
  await writeSetting(await db(), CALLBACK_SEEN_SETTING, String(now), new Date(now).toISOString());
}

/** The latest callback any instance has seen. */
async function readCallbackSeen(): Promise<void> {
  const stored = Number(await readSetting(await db(), CALLBACK_SEEN_SETTING));
  const state = callbackState();
  if (Number.isFinite(stored) && stored > state.lastAt) state.lastAt = stored;
}

function callbacksWork(now: number): boolean {
  const { lastAt } = callbackState();
  return lastAt > 0 && now - lastAt < CALLBACKS_TRUSTED_FOR_MS;
}

type UnfinishedRow = Awaited<ReturnType<typeof repo.listUnfinished>>[number];

function asPolled(row: UnfinishedRow): PolledTask {
  return {
    sinceMs: Date.parse(row.submitted_at ?? row.created_at),
    lastPolledMs: row.last_polled_at ? Date.parse(row.last_polled_at) : null,
    hasCallback: row.callback_secret_hash !== null,
    rendering: row.state === "processing",
  };
}

/** One round, if one is due. */
export async function pollRound(now = new Date()): Promise<RoundResult> {
  const database = await db();
  const rows = (await repo.listUnfinished(database)).filter((r) => r.upstream_task_id !== null);
  if (rows.length === 0) return { retrieveCalls: 0 };
  await readCallbackSeen();
  const due = nextRoundMs(rows.map(asPolled), pollSettings(), callbacksWork(now.getTime()));
  if (due !== null && due > now.getTime()) return { retrieveCalls: 0 };

  let retrieveCalls = 0;
  let failure: RoundResult["failure"];
  // A task id is only known to the service that made it: one batch call per service with work.
  const byService = new Map<ServiceId, UnfinishedRow[]>();
  for (const row of rows) {
    const service = serviceOf(row.model);
    const group = byService.get(service);
    if (group) group.push(row);
    else byService.set(service, [row]);
  }
  for (const [service, serviceRows] of byService) {
    for (let i = 0; i < serviceRows.length; i += BATCH_SIZE) {
      const batch = serviceRows.slice(i, i + BATCH_SIZE);
      const result = await pollBatch(service, batch, now);
      retrieveCalls += result.retrieveCalls;
      if (result.failure) {
        // One service failing does not hold the others back; its next batches wait for the next round.
        const retryAfterS = Math.max(failure?.retryAfterS ?? 0, result.failure.retryAfterS ?? 0);
        failure = retryAfterS > 0 ? { retryAfterS } : {};
        break;
      }
    }
  }
  return failure ? { retrieveCalls, failure } : { retrieveCalls };
}

async function pollBatch(service: ServiceId, batch: UnfinishedRow[], now: Date): Promise<RoundResult> {
  const database = await db();
  let retrieveCalls = 1;
  let items: UpstreamRecord[];
  try {
    items = (
      await acedata().retrieveBatch(
        service,
        batch.map((r) => r.upstream_task_id as string),
      )
    ).items;
  } catch (error) {
    if (!(error instanceof UpstreamFailure)) throw error;
    log.warn("poll failed", { service, code: error.code, upstream: error.upstream });
    return { retrieveCalls, failure: { retryAfterS: error.extra.retryAfterS } };
  }
  const byUpstreamId = new Map(items.map((item) => [item.id, item]));
  const missing: { id: string; missingPolls: number }[] = [];
  for (const row of batch) {
    const record = byUpstreamId.get(row.upstream_task_id as string);
    if (record) {
      if (Number(row.missing_polls) > 0) missing.push({ id: row.id, missingPolls: 0 });
      await recordUpdate(row.id, { kind: "phase", phase: readPhase(record.response) }, now);
    } else {
      const count = Number(row.missing_polls) + 1;
      const single = count >= MISSING_BEFORE_SINGLE_RETRIEVE ? await retrieveAlone(row) : "unknown";
      if (single === "unknown") missing.push({ id: row.id, missingPolls: count });
      else {
        retrieveCalls++;
        missing.push({ id: row.id, missingPolls: single === "found" ? 0 : count });
      }
    }
    await enforceDeadline(row, now);
  }
  await repo.markPolled(
    database,
    batch.map((r) => r.id),
    now.toISOString(),
    missing,
  );
  return { retrieveCalls };
}

/** A task the batch answer keeps leaving out: ask about it alone; fail it if AceData denies it exists. */
async function retrieveAlone(row: UnfinishedRow): Promise<"found" | "lost" | "unknown"> {
  try {
    const record = await acedata().retrieve(serviceOf(row.model), row.upstream_task_id as string);
    await recordUpdate(row.id, { kind: "phase", phase: readPhase(record.response) });
    return "found";
  } catch (error) {
    if (!(error instanceof UpstreamFailure)) throw error;
    if (error.upstream.retryable || error.status === 401 || error.status === 403) return "unknown";
    await recordUpdate(row.id, { kind: "lost", detail: error.message });
    return "lost";
  }
}

async function enforceDeadline(row: UnfinishedRow, now: Date) {
  const e = env();
  // From when this studio took the task on: an imported task may have been made upstream long before.
  const since = Math.max(Date.parse(row.submitted_at ?? row.created_at), Date.parse(row.created_at));
  const age = now.getTime() - since;
  if (age > e.TASK_DEADLINE_MS)
    await recordUpdate(row.id, { kind: "deadline", minutes: Math.round(e.TASK_DEADLINE_MS / 60_000) }, now);
}
