import "server-only";
import { PostgresAdapter, sql, type Kysely, type Migration, type MigrationProvider } from "kysely";
import { promptHash } from "./prompt-hash";
import { searchText } from "./search";

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
      await db.schema
        .alterTable("tasks")
        .addColumn("origin", "text", (c) => c.notNull().defaultTo("studio"))
        .execute();
      await db.schema.alterTable("tasks").addColumn("last_polled_at", "text").execute();
      await db.schema
        .alterTable("tasks")
        .addColumn("missing_polls", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
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
      await db.schema
        .alterTable("videos")
        .addColumn("archive_attempts", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex("videos_archive_idx")
        .on("videos")
        .columns(["archived_at", "archive_next_at"])
        .execute();
      // A growing sequence: its values are the SSE event ids a reconnecting browser resumes from.
      await db.schema
        .createTable("task_events")
        .addColumn("seq", postgres ? "bigserial" : "integer", (c) =>
          postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
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
  "0005_gallery": {
    // The gallery at 10,000 videos: the request fields it filters on, copied out of the request
    // JSON so they can be indexed; what a user adds to a task (star, notes, rating, tags); the
    // run a variation belongs to; full-text search over prompts; indexes for every filter.
    async up(db: Kysely<unknown>) {
      const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
      for (const [name, type] of [
        ["size", "text"],
        ["duration", "integer"],
        ["orientation", "text"],
        ["run_id", "text"],
      ] as const) {
        await db.schema.alterTable("tasks").addColumn(name, type).execute();
      }
      await db.schema
        .alterTable("tasks")
        .addColumn("favourite", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable("tasks")
        .addColumn("notes", "text", (c) => c.notNull().defaultTo(""))
        .execute();
      await db.schema
        .alterTable("tasks")
        .addColumn("rating", "integer", (c) => c.check(sql`rating between 1 and 5`))
        .execute();
      await db.schema
        .alterTable("tasks")
        .addColumn("search_text", "text", (c) => c.notNull().defaultTo(""))
        .execute();

      // Backfill: the filter columns straight from the request JSON, the search text in code (the
      // same tokenizer new tasks go through), a page of prompts at a time.
      await sql`update tasks set ${sql.raw(
        postgres
          ? "size = request::jsonb ->> 'size', duration = round((request::jsonb ->> 'duration')::numeric)::integer, orientation = request::jsonb ->> 'orientation'"
          : "size = json_extract(request, '$.size'), duration = cast(json_extract(request, '$.duration') as integer), orientation = json_extract(request, '$.orientation')",
      )}`.execute(db);
      for (let after = ""; ; ) {
        const { rows } = await sql<{
          id: string;
          prompt: string;
        }>`select id, prompt from tasks where id > ${after} order by id limit 500`.execute(db);
        for (const row of rows)
          await sql`update tasks set search_text = ${searchText(row.prompt)} where id = ${row.id}`.execute(db);
        const last = rows[rows.length - 1];
        if (!last) break;
        after = last.id;
      }

      await db.schema
        .createTable("task_tags")
        .addColumn("task_id", "text", (c) => c.notNull().references("tasks.id").onDelete("cascade"))
        .addColumn("tag", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("task_tags_pk", ["task_id", "tag"])
        .execute();
      await db.schema.createIndex("task_tags_tag_idx").on("task_tags").columns(["tag", "task_id"]).execute();

      // Each equality filter gets an index that also yields the list's order (newest first), so
      // a filtered page is read in order and stops after one page. The state index replaces
      // 0001's single-column one (same leading column).
      await db.schema.dropIndex("tasks_state_idx").execute();
      for (const column of ["state", "model", "favourite", "size", "duration", "orientation", "run_id"]) {
        await db.schema
          .createIndex(`tasks_${column}_created_idx`)
          .on("tasks")
          .columns([column, "created_at", "id"])
          .execute();
      }

      if (postgres) {
        await sql`create index tasks_search_idx on tasks using gin (to_tsvector('simple', search_text))`.execute(db);
      } else {
        // A contentless FTS5 index over search_text. Its rowids come from task_search_rows (an
        // INTEGER PRIMARY KEY, so VACUUM never renumbers them, unlike the implicit rowid of
        // tasks), and triggers keep both in step with tasks.
        await sql`create table task_search_rows (rid integer primary key, task_id text not null unique)`.execute(db);
        await sql`create virtual table tasks_fts using fts5(search_text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`.execute(
          db,
        );
        await sql`insert into task_search_rows (task_id) select id from tasks order by created_at, id`.execute(db);
        await sql`insert into tasks_fts (rowid, search_text) select r.rid, t.search_text from task_search_rows r join tasks t on t.id = r.task_id`.execute(
          db,
        );
        await sql`create trigger tasks_search_insert after insert on tasks begin
          insert into task_search_rows (task_id) values (new.id);
          insert into tasks_fts (rowid, search_text) values ((select rid from task_search_rows where task_id = new.id), new.search_text);
        end`.execute(db);
        await sql`create trigger tasks_search_update after update of search_text on tasks begin
          delete from tasks_fts where rowid = (select rid from task_search_rows where task_id = old.id);
          insert into tasks_fts (rowid, search_text) values ((select rid from task_search_rows where task_id = new.id), new.search_text);
        end`.execute(db);
        await sql`create trigger tasks_search_delete after delete on tasks begin
          delete from tasks_fts where rowid = (select rid from task_search_rows where task_id = old.id);
          delete from task_search_rows where task_id = old.id;
        end`.execute(db);
      }
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("task_tags").execute();
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
      await db.schema
        .alterTable("videos")
        .addColumn("poster_attempts", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex("videos_poster_idx").on("videos").columns(["poster_key", "archived_at"]).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex("videos_poster_idx").execute();
      for (const name of ["poster_attempts", "poster_at", "poster_sha256", "poster_key"])
        await db.schema.alterTable("videos").dropColumn(name).execute();
    },
  },
  "0007_prompt_library": {
    // The prompt library (named prompts with tags, each with append-only numbered versions) and
    // the prompt history's grouping key: tasks.prompt_hash, the sha256 of the prompt, indexed with
    // the list's order. Not an index on tasks.prompt itself: a 4000-character Chinese prompt is
    // 12 KB, past Postgres's btree row limit (about 2.7 KB), and a hash is as good for equality.
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("tasks")
        .addColumn("prompt_hash", "text", (c) => c.notNull().defaultTo(""))
        .execute();
      for (let after = ""; ; ) {
        const { rows } = await sql<{
          id: string;
          prompt: string;
        }>`select id, prompt from tasks where id > ${after} order by id limit 500`.execute(db);
        for (const row of rows)
          await sql`update tasks set prompt_hash = ${promptHash(row.prompt)} where id = ${row.id}`.execute(db);
        const last = rows[rows.length - 1];
        if (!last) break;
        after = last.id;
      }
      // (prompt_hash, created_at, id): "is this the latest use of its prompt?" is one probe, and a
      // prompt's recent uses are read newest first from it.
      await db.schema
        .createIndex("tasks_prompt_hash_idx")
        .on("tasks")
        .columns(["prompt_hash", "created_at", "id"])
        .execute();

      await db.schema
        .createTable("prompts")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull().unique())
        // A JSON array of normalised tags: a library is hundreds of prompts, filtered in code.
        .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("prompt_versions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("prompt_id", "text", (c) => c.notNull().references("prompts.id").onDelete("cascade"))
        .addColumn("number", "integer", (c) => c.notNull())
        .addColumn("text", "text", (c) => c.notNull())
        // JSON {model, size, duration, orientation}, or null for a prompt saved without settings.
        .addColumn("settings", "text")
        .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addUniqueConstraint("prompt_versions_number_unique", ["prompt_id", "number"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("prompt_versions").execute();
      await db.schema.dropTable("prompts").execute();
      await db.schema.dropIndex("tasks_prompt_hash_idx").execute();
      await db.schema.alterTable("tasks").dropColumn("prompt_hash").execute();
    },
  },
  "0008_team": {
    // Team mode: accounts, their sessions, invitations, failed sign-ins (the lockout counts live
    // in the database so that every instance sees them), the audit log, and who made each task
    // (null for tasks made with sign-in off).
    async up(db: Kysely<unknown>) {
      const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
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
        .addColumn("seq", postgres ? "bigserial" : "integer", (c) =>
          postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
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
      await db.schema.alterTable("tasks").addColumn("owner_id", "text").execute();
      await db.schema.createIndex("tasks_owner_idx").on("tasks").columns(["owner_id", "created_at", "id"]).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex("tasks_owner_idx").execute();
      await db.schema.alterTable("tasks").dropColumn("owner_id").execute();
      for (const table of ["audit_log", "login_failures", "invites", "sessions", "users"])
        await db.schema.dropTable(table).execute();
    },
  },
  "0009_quotas": {
    // Quotas and the audit page: a team default (settings row "quota_defaults") that each account may override
    // (users.quota, JSON of the fields it sets), and the ledger of generated seconds. A charge
    // is written with its task and outlives it: deleting a video does not give its seconds back.
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("users")
        .addColumn("quota", "text", (c) => c.notNull().defaultTo("{}"))
        .execute();
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
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
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
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
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
  },
  "0010_storyboards": {
    // Storyboards: a board is one JSON document (lib/schemas/board.ts) saved whole under a
    // version number; its takes are tasks linked to a shot (a deleted task leaves the board by
    // cascade); a shot that continues from one still rendering waits in board_waits; a film is
    // rendered by a job in board_exports that outlives a restart.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("boards")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("owner_id", "text")
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("doc", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("boards_updated_idx").on("boards").columns(["updated_at", "id"]).execute();
      await db.schema
        .createTable("board_takes")
        .addColumn("task_id", "text", (c) => c.primaryKey().references("tasks.id").onDelete("cascade"))
        .addColumn("board_id", "text", (c) => c.notNull().references("boards.id").onDelete("cascade"))
        .addColumn("shot_id", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("board_takes_board_idx").on("board_takes").columns(["board_id", "shot_id"]).execute();
      await db.schema
        .createTable("board_waits")
        .addColumn("board_id", "text", (c) => c.notNull().references("boards.id").onDelete("cascade"))
        .addColumn("shot_id", "text", (c) => c.notNull())
        .addColumn("after_shot_id", "text", (c) => c.notNull())
        .addColumn("owner_id", "text")
        .addColumn("requested_at", "text", (c) => c.notNull())
        // Why the wait ended without a take (the shot before failed, the quota refused…), until asked again.
        .addColumn("error", "text")
        .addPrimaryKeyConstraint("board_waits_pk", ["board_id", "shot_id"])
        .execute();
      await db.schema
        .createTable("board_exports")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("board_id", "text", (c) => c.notNull().references("boards.id").onDelete("cascade"))
        .addColumn("owner_id", "text")
        // queued → running → succeeded | failed | cancelled
        .addColumn("state", "text", (c) => c.notNull())
        // JSON: the inputs (video ids, trims), crossfade and frame size, fixed when asked for.
        .addColumn("plan", "text", (c) => c.notNull())
        // Thousandths of the film rendered.
        .addColumn("progress", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("error", "text")
        // The gallery task that holds the finished film.
        .addColumn("task_id", "text")
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("lease_until", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("finished_at", "text")
        .execute();
      await db.schema
        .createIndex("board_exports_board_idx")
        .on("board_exports")
        .columns(["board_id", "created_at"])
        .execute();
      await db.schema.createIndex("board_exports_state_idx").on("board_exports").column("state").execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ["board_exports", "board_waits", "board_takes", "boards"])
        await db.schema.dropTable(table).execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
