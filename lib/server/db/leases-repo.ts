import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "./schema";

// A lease is a row that one holder renews before it expires; when the holder dies, it runs out
// and another takes it. Two plain statements, the same on SQLite and Postgres: the conditional
// update lets exactly one contender win.

/** Takes or renews `name` for `holder` until `until`; true when `holder` holds it now. */
export async function holdLease(db: Kysely<Database>, name: string, holder: string, now: string, until: string): Promise<boolean> {
  // Renewing is the common case (every worker tick): one statement.
  const taken = await db
    .updateTable("leases")
    .set({ holder, expires_at: until })
    .where("name", "=", name)
    .where((eb) => eb.or([eb("holder", "=", holder), eb("expires_at", "<", now)]))
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 1) return true;
  // No row yet (a fresh database), or someone else's live lease: only an insert can still win.
  const created = await db.insertInto("leases").values({ name, holder, expires_at: until }).onConflict((oc) => oc.column("name").doNothing()).executeTakeFirst();
  return Number(created.numInsertedOrUpdatedRows ?? 0) === 1;
}
