import "server-only";
import type { Kysely } from "kysely";
import type { GenerationRequest } from "@/lib/schemas/generation";
import {
  effectiveLimits,
  quotaLimitsSchema,
  quotaOverrideSchema,
  quotaProblem,
  UNLIMITED,
  type QuotaLimits,
  type QuotaOverride,
  type QuotaStatus,
} from "@/lib/schemas/quota";
import type { Actor } from "./actor";
import { findUserById } from "../db/accounts-repo";
import * as repo from "../db/quota-repo";
import * as settings from "../db/settings-repo";
import type { Database } from "../db/schema";
import { db } from "../db";
import { AppError } from "../platform/errors";
import { audit } from "./audit";
import { lengthOf, tierOf } from "@/lib/schemas/catalog";

// Quotas in team mode: what an account may still generate, checked and charged in the same
// transaction that stores its tasks, under a lock per account, so that concurrent submits (on
// one instance or several) can never together exceed it. With sign-in off there are none.

const DEFAULTS_KEY = "quota_defaults";

type Db = Kysely<Database>;

function periodStarts(now: Date): { dayStart: string; monthStart: string } {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return { dayStart: day.toISOString(), monthStart: month.toISOString() };
}

export async function teamDefaults(database: Db): Promise<QuotaLimits> {
  const stored = await settings.readSetting(database, DEFAULTS_KEY);
  const parsed = stored ? quotaLimitsSchema.safeParse(JSON.parse(stored)) : undefined;
  return parsed?.success ? parsed.data : UNLIMITED;
}

export const teamDefaultsNow = async () => teamDefaults(await db());

/** An admin sets the team's default quota (audited, with the old and new values); the route checked it with quotaLimitsSchema. */
export async function setTeamDefaults(
  actor: Actor,
  limits: QuotaLimits,
  client: { ip: string | null },
  now = new Date(),
): Promise<QuotaLimits> {
  const database = await db();
  await database.transaction().execute(async (trx) => {
    const before = await teamDefaults(trx);
    await settings.writeSetting(trx, DEFAULTS_KEY, JSON.stringify(limits), now.toISOString());
    await audit(
      { actor, action: "quota_changed", target: "team default", detail: { from: before, to: limits }, ip: client.ip },
      now,
      trx,
    );
  });
  return limits;
}

/** An account's overrides as stored (a bad or old value reads as none). */
export function parseOverride(stored: string): QuotaOverride {
  const parsed = quotaOverrideSchema.safeParse(JSON.parse(stored || "{}"));
  return parsed.success ? parsed.data : {};
}

async function statusOf(database: Db, userId: string, now: Date): Promise<QuotaStatus> {
  const user = await findUserById(database, userId);
  const limits = effectiveLimits(await teamDefaults(database), parseOverride(user?.quota ?? "{}"));
  const { dayStart, monthStart } = periodStarts(now);
  const charged = await repo.chargedSeconds(database, userId, dayStart, monthStart);
  return {
    limits,
    usage: {
      secondsToday: charged.today,
      secondsThisMonth: charged.month,
      active: await repo.activeTaskCount(database, userId),
    },
  };
}

/** What the account may still do (the composer shows it before a submit). */
export async function quotaStatus(actor: Actor, now = new Date()): Promise<QuotaStatus> {
  if (!actor.id) return { limits: UNLIMITED, usage: { secondsToday: 0, secondsThisMonth: 0, active: 0 } };
  return statusOf(await db(), actor.id, now);
}

/**
 * The step run inside the transaction that stores a submit's tasks: takes the account's lock,
 * refuses what the quota does not allow (nothing is stored then), charges the seconds and
 * writes the audit row, so a stored submit is always charged and recorded, and a refused one never.
 */
export function chargeWithinQuota(
  owner: Actor,
  tasks: { id: string; request: GenerationRequest; runId?: string | null }[],
  now = new Date(),
): ((trx: Db) => Promise<void>) | undefined {
  const userId = owner.id;
  if (!userId) return undefined;
  return async (trx) => {
    await repo.lockAccountQuota(trx, userId);
    const { limits, usage } = await statusOf(trx, userId, now);
    const problem = quotaProblem(
      limits,
      usage,
      tasks.map((t) => t.request),
    );
    if (problem) {
      throw new AppError(
        problem.code,
        problem.message,
        problem.path ? { issues: [{ path: problem.path, message: problem.message }] } : {},
      );
    }
    await repo.insertCharges(
      trx,
      tasks.map((t) => ({
        task_id: t.id,
        user_id: userId,
        seconds: lengthOf(t.request),
        model: t.request.model,
        created_at: now.toISOString(),
        refunded_at: null,
      })),
    );
    await audit(
      {
        actor: owner,
        action: "task_submitted",
        target: tasks[0]?.runId ?? tasks[0]?.id,
        detail: submissionDetail(tasks),
      },
      now,
      trx,
    );
  };
}

/** What the audit log keeps of a submit: how many videos, their cost in seconds, the models and the prompt. */
function submissionDetail(tasks: { id: string; request: GenerationRequest }[]): Record<string, unknown> {
  const requests = tasks.map((t) => t.request);
  return {
    taskIds: tasks.map((t) => t.id),
    videos: requests.length,
    seconds: requests.reduce((sum, r) => sum + lengthOf(r), 0),
    models: [...new Set(requests.map((r) => r.model))],
    sizes: [...new Set(requests.map((r) => tierOf(r)))],
    prompt: (requests[0]?.prompt ?? "").slice(0, 300),
  };
}
