import "server-only";
import type { Kysely } from "kysely";
import type { Database, UploadRow } from "./schema";

// Queries on uploads, in the portable Kysely subset the other repos use.

type Db = Kysely<Database>;
export type UploadKind = "image" | "video";

export async function findUpload(db: Db, id: string): Promise<UploadRow | undefined> {
  return db.selectFrom("uploads").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The upload already holding these bytes as this kind, if any. */
export async function findUploadByHash(db: Db, kind: UploadKind, sha256: string): Promise<UploadRow | undefined> {
  return db.selectFrom("uploads").selectAll().where("sha256", "=", sha256).where("kind", "=", kind).executeTakeFirst();
}

/** The given uploads that exist, by id (one query for a whole request). */
export async function findUploads(db: Db, ids: string[]): Promise<Map<string, UploadRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("uploads").selectAll().where("id", "in", ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Stores a new upload, or returns the row that won a concurrent insert of the same bytes
 * (the unique index on sha256 + kind decides): `created` says which.
 */
export async function insertUpload(db: Db, row: UploadRow): Promise<{ row: UploadRow; created: boolean }> {
  const result = await db
    .insertInto("uploads")
    .values(row)
    .onConflict((oc) => oc.columns(["sha256", "kind"]).doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 1) return { row, created: true };
  const existing = await findUploadByHash(db, row.kind as UploadKind, row.sha256);
  if (!existing) throw new Error("an upload vanished while being stored twice");
  return { row: existing, created: false };
}
