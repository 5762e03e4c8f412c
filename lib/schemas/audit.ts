import * as z from "zod/mini";

// The audit log as the admin page reads it: what kinds of line there are, the filters, and one line.

export const AUDIT_ACTIONS = [
  "login",
  "login_failed",
  "login_locked",
  "logout",
  "logout_everywhere",
  "setup",
  "invite_created",
  "invite_revoked",
  "invite_accepted",
  "role_changed",
  "user_disabled",
  "user_enabled",
  "quota_changed",
  "task_submitted",
  "task_deleted",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_PAGE_SIZE = 50;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (what: string) => z.string().check(z.regex(DAY, { error: `${what} must be a date like 2026-11-25` }));

export const auditFilterSchema = z.strictObject({
  action: z.optional(z.enum(AUDIT_ACTIONS, { error: `action must be one of ${AUDIT_ACTIONS.join(", ")}` })),
  /** Part of the address of whoever did it (case does not matter). */
  actor: z.optional(z.string().check(z.maxLength(254))),
  /** On or after this day (UTC). */
  from: z.optional(day("from")),
  /** On or before this day (UTC). */
  to: z.optional(day("to")),
  /** The page after the line with this number (the previous page's `next`). */
  before: z.optional(z.string().check(z.regex(/^\d{1,18}$/, { error: "before must be a line number" }))),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export type AuditEntryView = {
  seq: number;
  at: string;
  actorEmail: string | null;
  action: AuditAction;
  target: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
};

export type AuditPage = { items: AuditEntryView[]; next: string | null };

/** The filter as search parameters, in a fixed order (for links and the export's URL); empty fields left out. */
export function auditFilterToParams(filter: Omit<AuditFilter, "before">): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["action", "actor", "from", "to"] as const) {
    const value = filter[key];
    if (value !== undefined && value !== "") params.set(key, value);
  }
  return params;
}
