import "server-only";
import type { Kysely, Migration } from "kysely";
import { addColumns, isPostgres, sequenceKey } from "./helpers";

// Task lifecycle: upstream callbacks, poller bookkeeping, the video archive and the task_events change log.

export const migration: Migration = {
  // Callbacks, the poller's bookkeeping, the video archive and the change log behind /api/events.
  async up(db: Kysely<unknown>) {
    await addColumns(db, "tasks", [
      ["callback_secret_hash", "text"],
      ["origin", "text", (c) => c.notNull().defaultTo("studio")],
      ["last_polled_at", "text"],
      ["missing_polls", "integer", (c) => c.notNull().defaultTo(0)],
    ]);
    await db.schema.createIndex("tasks_callback_idx").on("tasks").column("callback_secret_hash").unique().execute();
    await addColumns(db, "videos", [
      ["archive_key", "text"],
      ["archive_size", "bigint"],
      ["archive_sha256", "text"],
      ["archive_content_type", "text"],
      ["archived_at", "text"],
      ["archive_next_at", "text"],
      ["archive_error", "text"],
      ["archive_attempts", "integer", (c) => c.notNull().defaultTo(0)],
    ]);
    await db.schema
      .createIndex("videos_archive_idx")
      .on("videos")
      .columns(["archived_at", "archive_next_at"])
      .execute();
    // A growing sequence: its values are the SSE event ids a reconnecting browser resumes from.
    await db.schema
      .createTable("task_events")
      .$call(sequenceKey("seq", isPostgres(db)))
      .addColumn("task_id", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable("task_events").execute();
  },
};
