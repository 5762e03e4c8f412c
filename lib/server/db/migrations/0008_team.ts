import "server-only";
import type { Kysely, Migration } from "kysely";
import { addColumns, dropTables, isPostgres, sequenceKey } from "./helpers";

// Team mode: accounts, sessions, invites, failed sign-ins, the audit log and task owners.

export const migration: Migration = {
  // Team mode: accounts, their sessions, invitations, failed sign-ins (the lockout counts live
  // in the database so that every instance sees them), the audit log, and who made each task
  // (null for tasks made with sign-in off).
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("users")
      .addColumn("id", "text", (c) => c.primaryKey())
      // Stored lowercased: one account per address, however it is typed.
      .addColumn("email", "text", (c) => c.notNull().unique())
      .addColumn("name", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("password_hash", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("disabled_at", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("sessions")
      // sha256 of the random id sealed in the cookie: a copy of the table opens no session.
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .addColumn("last_seen_at", "text", (c) => c.notNull())
      .addColumn("ip", "text")
      .addColumn("user_agent", "text")
      .execute();
    await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();
    await db.schema
      .createTable("invites")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("email", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .addColumn("used_at", "text")
      .addColumn("revoked_at", "text")
      .execute();
    await db.schema
      .createTable("login_failures")
      // "account:<email>" or "ip:<address>".
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("failures", "integer", (c) => c.notNull())
      .addColumn("window_start", "text", (c) => c.notNull())
      .addColumn("locked_until", "text")
      .execute();
    await db.schema
      .createTable("audit_log")
      .$call(sequenceKey("seq", isPostgres(db)))
      .addColumn("at", "text", (c) => c.notNull())
      // The actor's id and address as they were: the row stays readable after the account goes.
      .addColumn("actor_id", "text")
      .addColumn("actor_email", "text")
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("target", "text")
      .addColumn("detail", "text", (c) => c.notNull().defaultTo("{}"))
      .addColumn("ip", "text")
      .execute();
    await db.schema.createIndex("audit_log_at_idx").on("audit_log").column("at").execute();
    await addColumns(db, "tasks", [["owner_id", "text"]]);
    await db.schema.createIndex("tasks_owner_idx").on("tasks").columns(["owner_id", "created_at", "id"]).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex("tasks_owner_idx").execute();
    await db.schema.alterTable("tasks").dropColumn("owner_id").execute();
    await dropTables(db, ["audit_log", "login_failures", "invites", "sessions", "users"]);
  },
};
