import "server-only";
import type { Actor } from "./auth/actor";
import { insertAudit } from "./db/audit-repo";
import { db } from "./db";

// One line per thing a team may need to account for later: who signed in (or failed to), who
// spent generation seconds, who deleted what, who changed whose role or quota.

export type AuditAction =
  | "login"
  | "login_failed"
  | "login_locked"
  | "logout"
  | "logout_everywhere"
  | "setup"
  | "invite_created"
  | "invite_revoked"
  | "invite_accepted"
  | "role_changed"
  | "user_disabled"
  | "user_enabled";

export type AuditEntry = {
  actor: Pick<Actor, "id" | "email"> | null;
  action: AuditAction;
  target?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
};

export async function audit(entry: AuditEntry, now = new Date()): Promise<void> {
  await insertAudit(await db(), {
    at: now.toISOString(),
    actor_id: entry.actor?.id ?? null,
    actor_email: entry.actor?.email ?? null,
    action: entry.action,
    target: entry.target ?? null,
    detail: JSON.stringify(entry.detail ?? {}),
    ip: entry.ip ?? null,
  });
}
