import "server-only";
import { sql } from "kysely";
import { db, databaseKind } from "../db";
import { env } from "../platform/env";

/** What /api/health reports: never a URL with credentials, never the token. */
export async function health() {
  const e = env();
  let database: { kind: string; ok: boolean } = { kind: databaseKind(), ok: false };
  try {
    await sql`select 1`.execute(await db());
    database = { ...database, ok: true };
  } catch {
    // reported as ok: false
  }
  return {
    ok: database.ok,
    upstream: e.emulated ? "emulator" : "acedata",
    // The origin only: a base URL may carry credentials or a query.
    upstreamBaseUrl: e.emulated ? "/api/emulator" : new URL(e.ACEDATACLOUD_API_BASE_URL).origin,
    database,
    time: new Date().toISOString(),
  };
}
