import "server-only";
import type { Kysely, Migration } from "kysely";

// Uploaded reference images and character clips, deduplicated by kind and sha256.

export const migration: Migration = {
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
};
