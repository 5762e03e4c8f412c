import "server-only";
import type { Kysely } from "kysely";
import type { AuditRow, Database } from "./schema";

// The audit log only grows: rows are inserted and read, never updated or deleted.

export async function insertAudit(db: Kysely<Database>, row: Omit<AuditRow, "seq">): Promise<void> {
  await db.insertInto("audit_log").values(row).execute();
}
