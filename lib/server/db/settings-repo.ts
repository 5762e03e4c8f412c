import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "./schema";

// Small named values every instance shares (the team's default quota, when a callback last
// arrived): one row per key.

type Db = Kysely<Database>;

export async function readSetting(db: Db, key: string): Promise<string | undefined> {
  return (await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst())?.value;
}

export async function writeSetting(db: Db, key: string, value: string, now: string): Promise<void> {
  await db
    .insertInto("settings")
    .values({ key, value, updated_at: now })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: now }))
    .execute();
}
