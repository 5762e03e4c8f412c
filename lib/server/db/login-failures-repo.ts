import "server-only";
import { sql, type Kysely } from "kysely";
import type { Database } from "./schema";

// Failed sign-ins counted per key ("account:…", "ip:…") in a window. The count goes up in one
// upsert, so concurrent failures on several instances are all counted.

type Db = Kysely<Database>;

/** Counts one failure (a fresh window when the last began before `windowFrom`); returns the count. */
export async function countFailure(db: Db, key: string, now: string, windowFrom: string): Promise<number> {
  const row = await db
    .insertInto("login_failures")
    .values({ key, failures: 1, window_start: now, locked_until: null })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        failures: sql`case when login_failures.window_start < ${windowFrom} then 1 else login_failures.failures + 1 end`,
        window_start: sql`case when login_failures.window_start < ${windowFrom} then ${now} else login_failures.window_start end`,
      }),
    )
    .returning("failures")
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

export async function lockKey(db: Db, key: string, until: string): Promise<void> {
  await db.updateTable("login_failures").set({ locked_until: until }).where("key", "=", key).execute();
}

/** The latest lock among `keys` still running at `now`, if any. */
export async function activeLock(db: Db, keys: string[], now: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("login_failures")
    .select((eb) => eb.fn.max("locked_until").as("until"))
    .where("key", "in", keys)
    .where("locked_until", ">", now)
    .executeTakeFirst();
  return row?.until ?? undefined;
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom("login_failures").where("key", "=", key).execute();
}
