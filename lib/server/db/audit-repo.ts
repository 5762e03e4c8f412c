import "server-only";
import { sql, type Kysely, type Selectable } from "kysely";
import type { AuditRow, Database } from "./schema";

// The audit log only grows: rows are inserted and read, never updated or deleted.

export async function insertAudit(db: Kysely<Database>, row: Omit<AuditRow, "seq">): Promise<void> {
  await db.insertInto("audit_log").values(row).execute();
}

export type AuditQuery = {
  action?: string;
  actor?: string;
  fromAt?: string;
  toAt?: string;
  beforeSeq?: number;
  limit: number;
};

/** Lines newest first, filtered; `limit` of them. */
export async function listAudit(db: Kysely<Database>, query: AuditQuery): Promise<Selectable<AuditRow>[]> {
  let q = db.selectFrom("audit_log").selectAll();
  if (query.action !== undefined) q = q.where("action", "=", query.action);
  if (query.actor !== undefined) {
    // A part of an address, taken literally (no LIKE wildcards from the user), in any case.
    const pattern = `%${query.actor.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`lower(coalesce(actor_email, '')) like ${pattern} escape '\\'`);
  }
  if (query.fromAt !== undefined) q = q.where("at", ">=", query.fromAt);
  if (query.toAt !== undefined) q = q.where("at", "<", query.toAt);
  if (query.beforeSeq !== undefined) q = q.where("seq", "<", query.beforeSeq);
  return q.orderBy("seq", "desc").limit(query.limit).execute();
}
