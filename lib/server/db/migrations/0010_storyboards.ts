import "server-only";
import type { Kysely, Migration } from "kysely";
import { dropTables } from "./helpers";

// Storyboards: versioned board documents, takes linked to shots, waiting shots and film export jobs.

export const migration: Migration = {
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
    await dropTables(db, ["board_exports", "board_waits", "board_takes", "boards"]);
  },
};
