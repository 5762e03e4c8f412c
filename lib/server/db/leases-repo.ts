import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "./schema";

// A lease is a row that one holder renews before it expires; when the holder dies, it runs out
// and another takes it. Two plain statements, the same on SQLite and Postgres: the conditional
// update lets exactly one contender win.

/** Takes or renews `name` for `holder` until `until`; true when `holder` holds it now. */
export async function holdLease(
  db: Kysely<Database>,
  name: string,
  holder: string,
  now: string,
  until: string,
): Promise<boolean> {
  // Renewing is the common case (every worker tick): one statement.
  const taken = await db
    .updateTable("leases")
    .set({ holder, expires_at: until })
    .where("name", "=", name)
    .where((eb) => eb.or([eb("holder", "=", holder), eb("expires_at", "<", now)]))
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 1) return true;
  // No row yet (a fresh database), or someone else's live lease: only an insert can still win.
  const created = await db
    .insertInto("leases")
    .values({ name, holder, expires_at: until })
    .onConflict((oc) => oc.column("name").doNothing())
    .executeTakeFirst();
  return Number(created.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * A time slot shared by every process, kept in a lease row whose expiry is when the next slot
 * opens: takes it (and moves that time to `until`) when it is open at `now`. Exactly one of
 * several contenders wins a slot, on one instance or many.
 */
export async function takeTimeSlot(db: Kysely<Database>, name: string, now: string, until: string): Promise<boolean> {
  if (await moveSlot(db, name, until, "<=", now)) return true;
  const created = await db
    .insertInto("leases")
    .values({ name, holder: "slot", expires_at: until })
    .onConflict((oc) => oc.column("name").doNothing())
    .executeTakeFirst();
  return Number(created.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Gives a slot back unused (nothing was sent), unless someone has taken the next one since. */
export async function giveBackTimeSlot(
  db: Kysely<Database>,
  name: string,
  takenUntil: string,
  openAt: string,
): Promise<void> {
  await moveSlot(db, name, openAt, "=", takenUntil);
}

/** Opens the next slot no sooner than `notBefore` (upstream asked to wait: Retry-After). */
export async function delayTimeSlot(db: Kysely<Database>, name: string, notBefore: string): Promise<void> {
  await moveSlot(db, name, notBefore, "<", notBefore);
}

/** Moves when the slot opens next to `to`, if that time now compares `op` with `than`; true when it moved. */
async function moveSlot(
  db: Kysely<Database>,
  name: string,
  to: string,
  op: "<=" | "=" | "<",
  than: string,
): Promise<boolean> {
  const moved = await db
    .updateTable("leases")
    .set({ expires_at: to })
    .where("name", "=", name)
    .where("expires_at", op, than)
    .executeTakeFirst();
  return Number(moved.numUpdatedRows) === 1;
}
