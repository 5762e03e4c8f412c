import "server-only";
import type { Kysely, Selectable } from "kysely";
import type { AuditRow, Database } from "../db/schema";
import {
  AUDIT_PAGE_SIZE,
  type AuditAction,
  type AuditEntryView,
  type AuditFilter,
  type AuditPage,
} from "@/lib/schemas/audit";
import type { Actor } from "./actor";
import { insertAudit, listAudit, type AuditQuery } from "../db/audit-repo";
import { dayBounds } from "../db/task-list";
import { AppError } from "../platform/errors";
import { db } from "../db";

// One line per thing a team may need to account for later: who signed in (or failed to), who
// spent generation seconds, who deleted what, who changed whose role or quota.

export type { AuditAction };

export type AuditEntry = {
  actor: Pick<Actor, "id" | "email" | "ip"> | null;
  action: AuditAction;
  target?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
};

/** Appends the entry; `database` is a transaction when the row must go in with other writes. */
export async function audit(entry: AuditEntry, now = new Date(), database?: Kysely<Database>): Promise<void> {
  await insertAudit(database ?? (await db()), {
    at: now.toISOString(),
    actor_id: entry.actor?.id ?? null,
    actor_email: entry.actor?.email ?? null,
    action: entry.action,
    target: entry.target ?? null,
    detail: JSON.stringify(entry.detail ?? {}),
    // A request's actor knows its address; entries without one (a failed sign-in) pass it.
    ip: entry.ip ?? entry.actor?.ip ?? null,
  });
}

const toView = (row: Selectable<AuditRow>): AuditEntryView => ({
  seq: Number(row.seq),
  at: row.at,
  actorEmail: row.actor_email,
  action: row.action as AuditAction,
  target: row.target,
  detail: JSON.parse(row.detail) as Record<string, unknown>,
  ip: row.ip,
});

/** The filter (the route's query, checked with auditFilterSchema) as the repository's query; a day the calendar lacks → 400. */
function auditQuery(filter: AuditFilter, limit: number): AuditQuery {
  const bounds = (field: "from" | "to") => {
    const value = filter[field];
    const day = value === undefined ? undefined : dayBounds(value);
    if (value !== undefined && !day)
      throw new AppError("invalid_request", `Invalid ${field}: ${value} is not a day of the calendar`, {
        issues: [{ path: field, message: `${value} is not a day of the calendar` }],
      });
    return day;
  };
  return {
    action: filter.action,
    actor: filter.actor?.trim() || undefined,
    fromAt: bounds("from")?.start,
    toAt: bounds("to")?.end,
    beforeSeq: filter.before === undefined ? undefined : Number(filter.before),
    limit,
  };
}

/** One page of the log, newest first, for the admin page. */
export async function auditPage(filter: AuditFilter): Promise<AuditPage> {
  const rows = await listAudit(await db(), auditQuery(filter, AUDIT_PAGE_SIZE + 1));
  const items = rows.slice(0, AUDIT_PAGE_SIZE).map(toView);
  return { items, next: rows.length > AUDIT_PAGE_SIZE ? String(items.at(-1)?.seq) : null };
}

const CSV_COLUMNS = ["seq", "at", "actor", "action", "target", "ip", "detail"] as const;

/**
 * One CSV field. Quoted when it must be; a value a spreadsheet would run as a formula
 * (=, +, -, @, a tab or a return first) is prefixed with ' so it stays text (CSV injection).
 */
export function csvField(value: string | number | null): string {
  let text = value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every line matching the filter, newest first, as CSV, read from the database a page at a time. */
export function auditCsv(filter: AuditFilter): ReadableStream<Uint8Array> {
  const query = auditQuery(filter, 500);
  const encoder = new TextEncoder();
  let before = query.beforeSeq;
  let started = false;
  return new ReadableStream({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(",")}\r\n`));
      }
      const rows = await listAudit(await db(), { ...query, beforeSeq: before });
      const lines = rows.map(
        (row) =>
          `${[row.seq, row.at, row.actor_email, row.action, row.target, row.ip, row.detail]
            .map((v) => csvField(v as string | number | null))
            .join(",")}\r\n`,
      );
      if (lines.length > 0) controller.enqueue(encoder.encode(lines.join("")));
      if (rows.length < query.limit) controller.close();
      else before = Number(rows.at(-1)?.seq);
    },
  });
}
