import "server-only";
import { PostgresAdapter, type Kysely, type Transaction, type Updateable } from "kysely";
import type { Database, InviteRow, SessionRow, UserRow } from "./schema";

// Accounts, their sessions and invitations: plain statements, the same on SQLite and Postgres.
// Anything that must not happen twice (an invitation used, the first admin made) is one
// conditional statement whose row count says who won.

type Db = Kysely<Database>;

export const findUserByEmail = (db: Db, email: string) =>
  db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();

export const findUserById = (db: Db, id: string) =>
  db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();

export const listUsers = (db: Db) => db.selectFrom("users").selectAll().orderBy("created_at").orderBy("id").execute();

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(db: Db, row: UserRow): Promise<void> {
  await db.insertInto("users").values(row).execute();
}

/**
 * Changes a user's role or disabled state unless that leaves no active admin, inside the
 * caller's transaction. The active admins are read and locked in it with the change (FOR UPDATE
 * on Postgres; SQLite has one writer at a time), so two admins demoting each other at once
 * cannot both win. Returns false when the change was refused for that reason.
 */
export async function updateUserKeepingAnAdmin(
  trx: Transaction<Database>,
  id: string,
  patch: Partial<Pick<UserRow, "role" | "disabled_at">>,
  now: string,
): Promise<boolean> {
  const query = trx.selectFrom("users").select("id").where("role", "=", "admin").where("disabled_at", "is", null);
  const admins = await (trx.getExecutor().adapter instanceof PostgresAdapter ? query.forUpdate() : query).execute();
  const losesAdmin = (patch.role !== undefined && patch.role !== "admin") || patch.disabled_at != null;
  if (losesAdmin && admins.length === 1 && admins[0]?.id === id) return false;
  return updateUser(trx, id, patch, now);
}

export async function updateUser(
  db: Db,
  id: string,
  patch: Partial<Pick<UserRow, "role" | "disabled_at" | "name" | "password_hash" | "quota">>,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable("users")
    .set({ ...patch, updated_at: now })
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertSession(db: Db, row: SessionRow): Promise<void> {
  await db.insertInto("sessions").values(row).execute();
}

/** The live session with this (hashed) id and its account, when the account is not disabled. */
export async function findSessionUser(db: Db, sessionHash: string, now: string) {
  return db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id as session_id",
      "sessions.last_seen_at",
      "users.id",
      "users.email",
      "users.name",
      "users.role",
    ])
    .where("sessions.id", "=", sessionHash)
    .where("sessions.expires_at", ">", now)
    .where("users.disabled_at", "is", null)
    .executeTakeFirst();
}

export async function touchSession(db: Db, sessionHash: string, now: string): Promise<void> {
  await db.updateTable("sessions").set({ last_seen_at: now }).where("id", "=", sessionHash).execute();
}

export async function deleteSession(db: Db, sessionHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionHash).execute();
}

/** Ends every session of a user ("sign out everywhere", a disabled account); returns how many. */
export async function deleteUserSessions(db: Db, userId: string): Promise<number> {
  const result = await db.deleteFrom("sessions").where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom("sessions").where("expires_at", "<=", now).execute();
}

export async function insertInvite(db: Db, row: InviteRow): Promise<void> {
  await db.insertInto("invites").values(row).execute();
}

export const findInviteByTokenHash = (db: Db, tokenHash: string) =>
  db.selectFrom("invites").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();

/** An update of one invitation that is neither used nor revoked yet (callers may add conditions). */
const updateUnusedInvite = (db: Db, id: string, values: Updateable<InviteRow>) =>
  db
    .updateTable("invites")
    .set(values)
    .where("id", "=", id)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null);

/** Marks an open invitation used; true for exactly one caller however many race for it. */
export async function claimInvite(db: Db, id: string, now: string): Promise<boolean> {
  const result = await updateUnusedInvite(db, id, { used_at: now }).where("expires_at", ">", now).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function revokeInvite(db: Db, id: string, now: string): Promise<InviteRow | undefined> {
  const result = await updateUnusedInvite(db, id, { revoked_at: now }).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  return db.selectFrom("invites").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Invitations not yet used, revoked or expired, newest first. */
export const listOpenInvites = (db: Db, now: string) =>
  db
    .selectFrom("invites")
    .selectAll()
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .execute();
