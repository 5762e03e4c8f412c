import "server-only";
import type { Kysely, Migration } from "kysely";

// The first schema: generation tasks and the videos each one produced.

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("tasks")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("upstream_task_id", "text", (c) => c.unique())
      .addColumn("trace_id", "text")
      .addColumn("request", "text", (c) => c.notNull())
      .addColumn("prompt", "text", (c) => c.notNull())
      .addColumn("model", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("error_code", "text")
      .addColumn("error_message", "text")
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("next_attempt_at", "text")
      .addColumn("claimed_until", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("submitted_at", "text")
      .addColumn("finished_at", "text")
      .execute();
    await db.schema.createIndex("tasks_created_idx").on("tasks").columns(["created_at", "id"]).execute();
    await db.schema.createIndex("tasks_state_idx").on("tasks").column("state").execute();
    await db.schema
      .createTable("videos")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("task_id", "text", (c) => c.notNull().references("tasks.id").onDelete("cascade"))
      .addColumn("upstream_id", "text", (c) => c.notNull())
      .addColumn("position", "integer", (c) => c.notNull())
      .addColumn("source_url", "text", (c) => c.notNull())
      .addColumn("expires_at", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("videos_task_idx").on("videos").column("task_id").execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable("videos").execute();
    await db.schema.dropTable("tasks").execute();
  },
};
