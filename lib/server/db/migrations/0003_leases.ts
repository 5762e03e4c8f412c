import "server-only";
import type { Kysely, Migration } from "kysely";

// Named leases, so only one process of a deployment runs the worker.

export const migration: Migration = {
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
};
