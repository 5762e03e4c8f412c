import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "./schema";

// A lease is a row that one holder renews before it expires; when the holder dies, it runs out
// and another takes it. Two plain statements, the same on SQLite and Postgres: the conditional
// update lets exactly one contender win.

/** Takes or renews `name` for `holder` until `until`; true when `holder` holds it now. */
export async function holdLease(db: Kysely<Database>, name: string, holder: string, now: string, until: string): Promise<boolean> {
  await db.insertInto("leases").values({ name, holder, expires_at: until }).onConflict((oc) => oc.column("name").doNothing()).execute();
  const result = await db
    .updateTable("leases")
    .set({ holder, expires_at: until })
    .where("name", "=", name)
    .where((eb) => eb.or([eb("holder", "=", holder), eb("expires_at", "<", now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseLease(db: Kysely<Database>, name: string, holder: string): Promise<void> {
  await db.deleteFrom("leases").where("name", "=", name).where("holder", "=", holder).execute();
}
