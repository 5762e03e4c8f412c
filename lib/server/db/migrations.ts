import "server-only";
import { PostgresAdapter, type Kysely, type Migration, type MigrationProvider } from "kysely";

// Migrations live in code (not files on disk) so the production bundle carries them.
// Only portable types: text, integer, bigint. Never edit a published migration; add one.

const migrations: Record<string, Migration> = {
  "0001_tasks_and_videos": {
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
  },
  "0002_lifecycle": {
    // Callbacks, the poller's bookkeeping, the video archive and the change log behind /api/events.
    async up(db: Kysely<unknown>) {
      const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
      await db.schema.alterTable("tasks").addColumn("callback_secret_hash", "text").execute();
      await db.schema.alterTable("tasks").addColumn("origin", "text", (c) => c.notNull().defaultTo("studio")).execute();
      await db.schema.alterTable("tasks").addColumn("last_polled_at", "text").execute();
      await db.schema.alterTable("tasks").addColumn("missing_polls", "integer", (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.createIndex("tasks_callback_idx").on("tasks").column("callback_secret_hash").unique().execute();
      for (const [name, type] of [
        ["archive_key", "text"],
        ["archive_size", "bigint"],
        ["archive_sha256", "text"],
        ["archive_content_type", "text"],
        ["archived_at", "text"],
        ["archive_next_at", "text"],
        ["archive_error", "text"],
      ] as const) {
        await db.schema.alterTable("videos").addColumn(name, type).execute();
      }
      await db.schema.alterTable("videos").addColumn("archive_attempts", "integer", (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.createIndex("videos_archive_idx").on("videos").columns(["archived_at", "archive_next_at"]).execute();
      // A growing sequence: its values are the SSE event ids a reconnecting browser resumes from.
      await db.schema
        .createTable("task_events")
        .addColumn("seq", postgres ? "bigserial" : "integer", (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn("task_id", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("task_events").execute();
    },
  },
  "0003_leases": {
    // Named leases with an expiry: one process of a deployment holds "worker" and runs the poller.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("leases")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("holder", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("leases").execute();
    },
  },
  "0004_uploads": {
    // Files uploaded as reference images or character clips; the bytes live in storage under
    // `storage_key`. The same bytes of the same kind are kept once (unique on kind + sha256).
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("uploads")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("content_type", "text", (c) => c.notNull())
        .addColumn("bytes", "bigint", (c) => c.notNull())
        .addColumn("sha256", "text", (c) => c.notNull())
        .addColumn("width", "integer")
        .addColumn("height", "integer")
        .addColumn("duration_ms", "integer")
        .addColumn("storage_key", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("uploads_sha256_idx").on("uploads").columns(["sha256", "kind"]).unique().execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("uploads").execute();
    },
  },
  "0006_posters": {
    // A still of each archived video's first frame, stored next to it (`poster_key`); the
    // worker makes missing ones for videos archived before posters existed, giving up on a
    // video after a few failed attempts. (0005 is the gallery's.)
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("videos").addColumn("poster_key", "text").execute();
      await db.schema.alterTable("videos").addColumn("poster_sha256", "text").execute();
      await db.schema.alterTable("videos").addColumn("poster_at", "text").execute();
      await db.schema.alterTable("videos").addColumn("poster_attempts", "integer", (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.createIndex("videos_poster_idx").on("videos").columns(["poster_key", "archived_at"]).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex("videos_poster_idx").execute();
      for (const name of ["poster_attempts", "poster_at", "poster_sha256", "poster_key"]) await db.schema.alterTable("videos").dropColumn(name).execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
