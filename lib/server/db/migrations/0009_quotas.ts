import "server-only";
import { sql, type Kysely, type Migration } from "kysely";
import { addColumns, isPostgres } from "./helpers";

// Quotas (team default plus per-account overrides), the usage ledger and an append-only audit log.

export const migration: Migration = {
  // Quotas and the audit page: a team default (settings row "quota_defaults") that each account may override
  // (users.quota, JSON of the fields it sets), and the ledger of generated seconds. A charge
  // is written with its task and outlives it: deleting a video does not give its seconds back.
  async up(db: Kysely<unknown>) {
    await addColumns(db, "users", [["quota", "text", (c) => c.notNull().defaultTo("{}")]]);
    await db.schema
      .createTable("settings")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("usage_charges")
      .addColumn("task_id", "text", (c) => c.primaryKey())
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("seconds", "integer", (c) => c.notNull())
      .addColumn("model", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      // Set when the seconds were never spent: the task was cancelled or refused before AceData accepted it.
      .addColumn("refunded_at", "text")
      .execute();
    await db.schema
      .createIndex("usage_charges_user_idx")
      .on("usage_charges")
      .columns(["user_id", "created_at"])
      .execute();
    // The audit page filters by action, newest first.
    await db.schema.createIndex("audit_log_action_idx").on("audit_log").columns(["action", "seq"]).execute();
    // The audit log is append-only in the database itself, whatever code runs against it.
    if (isPostgres(db)) {
      await sql`create function audit_log_append_only() returns trigger language plpgsql as $$ begin raise exception 'the audit log is append-only'; end $$`.execute(
        db,
      );
      await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_append_only()`.execute(
        db,
      );
    } else {
      for (const op of ["update", "delete"]) {
        await sql
          .raw(
            `create trigger audit_log_no_${op} before ${op} on audit_log begin select raise(abort, 'the audit log is append-only'); end`,
          )
          .execute(db);
      }
    }
  },
  async down(db: Kysely<unknown>) {
    if (isPostgres(db)) {
      await sql`drop trigger audit_log_append_only on audit_log`.execute(db);
      await sql`drop function audit_log_append_only()`.execute(db);
    } else {
      for (const op of ["update", "delete"]) await sql.raw(`drop trigger audit_log_no_${op}`).execute(db);
    }
    await db.schema.dropIndex("audit_log_action_idx").execute();
    await db.schema.dropTable("usage_charges").execute();
    await db.schema.dropTable("settings").execute();
    await db.schema.alterTable("users").dropColumn("quota").execute();
  },
};
