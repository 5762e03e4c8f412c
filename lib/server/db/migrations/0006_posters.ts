import "server-only";
import type { Kysely, Migration } from "kysely";
import { addColumns } from "./helpers";

// A poster still per archived video, and the worker's bookkeeping for making missing ones.

export const migration: Migration = {
  // A still of each archived video's first frame, stored next to it (`poster_key`); the
  // worker makes missing ones for videos archived before posters existed, giving up on a
  // video after a few failed attempts. (0005 is the gallery's.)
  async up(db: Kysely<unknown>) {
    await addColumns(db, "videos", [
      ["poster_key", "text"],
      ["poster_sha256", "text"],
      ["poster_at", "text"],
      ["poster_attempts", "integer", (c) => c.notNull().defaultTo(0)],
    ]);
    await db.schema.createIndex("videos_poster_idx").on("videos").columns(["poster_key", "archived_at"]).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex("videos_poster_idx").execute();
    for (const name of ["poster_attempts", "poster_at", "poster_sha256", "poster_key"])
      await db.schema.alterTable("videos").dropColumn(name).execute();
  },
};
