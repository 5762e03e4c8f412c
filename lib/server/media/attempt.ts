import "server-only";
import type { Kysely } from "kysely";
import { db } from "../db";
import type { Database } from "../db/schema";
import { log } from "../platform/log";

/**
 * Runs one attempt of a media job (`job`: "archive", "poster") on a video, and never throws.
 * The attempt records its own outcome on the row; when the database itself fails (opening it,
 * or writing that outcome), this logs "<job> bookkeeping failed" and answers `fallback`: the
 * video stays due, and a later tick tries again.
 */
export async function attemptWithDatabase<T>(
  job: string,
  videoId: string,
  fallback: T,
  attempt: (database: Kysely<Database>) => Promise<T>,
): Promise<T> {
  try {
    return await attempt(await db());
  } catch (error) {
    log.error(`${job} bookkeeping failed`, { videoId, error: error instanceof Error ? error.message : String(error) });
    return fallback;
  }
}
