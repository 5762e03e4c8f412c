import "server-only";
import type { Kysely, Migration } from "kysely";
import { promptHash } from "../prompt-hash";
import { addColumns, backfillTasksFromPrompt, dropTables } from "./helpers";

// The prompt library (prompts with numbered versions) and tasks.prompt_hash for the prompt history.

export const migration: Migration = {
  // The prompt library (named prompts with tags, each with append-only numbered versions) and
  // the prompt history's grouping key: tasks.prompt_hash, the sha256 of the prompt, indexed with
  // the list's order. Not an index on tasks.prompt itself: a 4000-character Chinese prompt is
  // 12 KB, past Postgres's btree row limit (about 2.7 KB), and a hash is as good for equality.
  async up(db: Kysely<unknown>) {
    await addColumns(db, "tasks", [["prompt_hash", "text", (c) => c.notNull().defaultTo("")]]);
    await backfillTasksFromPrompt(db, "prompt_hash", promptHash);
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
    await dropTables(db, ["prompt_versions", "prompts"]);
    await db.schema.dropIndex("tasks_prompt_hash_idx").execute();
    await db.schema.alterTable("tasks").dropColumn("prompt_hash").execute();
  },
};
