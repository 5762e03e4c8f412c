import "server-only";
import { sql, type Kysely, type Migration } from "kysely";
import { searchText } from "@/lib/schemas/search-text";
import { addColumns, backfillTasksFromPrompt, isPostgres } from "./helpers";

// The gallery at scale: indexed filter columns, star/notes/rating/tags, runs and full-text prompt search.

export const migration: Migration = {
  // The gallery at 10,000 videos: the request fields it filters on, copied out of the request
  // JSON so they can be indexed; what a user adds to a task (star, notes, rating, tags); the
  // run a variation belongs to; full-text search over prompts; indexes for every filter.
  async up(db: Kysely<unknown>) {
    const postgres = isPostgres(db);
    await addColumns(db, "tasks", [
      ["size", "text"],
      ["duration", "integer"],
      ["orientation", "text"],
      ["run_id", "text"],
      ["favourite", "integer", (c) => c.notNull().defaultTo(0)],
      ["notes", "text", (c) => c.notNull().defaultTo("")],
      ["rating", "integer", (c) => c.check(sql`rating between 1 and 5`)],
      ["search_text", "text", (c) => c.notNull().defaultTo("")],
    ]);

    // Backfill: the filter columns straight from the request JSON, the search text in code (the
    // same tokenizer new tasks go through), a page of prompts at a time.
    await sql`update tasks set ${sql.raw(
      postgres
        ? "size = request::jsonb ->> 'size', duration = round((request::jsonb ->> 'duration')::numeric)::integer, orientation = request::jsonb ->> 'orientation'"
        : "size = json_extract(request, '$.size'), duration = cast(json_extract(request, '$.duration') as integer), orientation = json_extract(request, '$.orientation')",
    )}`.execute(db);
    await backfillTasksFromPrompt(db, "search_text", searchText);

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
};
