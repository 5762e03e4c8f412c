import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type {
  AccountView,
  InviteAccept,
  InviteCreate,
  InviteView,
  Login,
  Role,
  Setup,
  UserUpdate,
} from "@/lib/schemas/accounts";
import { processSingleton } from "@/lib/shared/process-singleton";
import { audit } from "./audit";
import { parseOverride } from "./quotas";
import * as repo from "../db/accounts-repo";
import type { InviteRow, UserRow } from "../db/schema";
import { db } from "../db";
import { env } from "../platform/env";
import { AppError, notFound } from "../platform/errors";
import type { Actor } from "./actor";
import { lockedUntil, recordLoginFailure, recordLoginSuccess } from "./login-throttle";
import { decoyHash, hashPassword, verifyPassword } from "./passwords";
import { newSessionId, openSessionCookie, sealSessionId, SESSION_TTL_S, sessionHash } from "./session-cookie";

// Accounts in team mode (STUDIO_AUTH=on): signing in and out, the first admin, invitations,
// roles and disabling. Every change a team may need to account for goes to the audit log.
// Bodies arrive checked by their route (the schemas of lib/schemas/accounts.ts).

export type Client = { ip: string | null; userAgent: string | null };
/** A new session: who it is for and the sealed cookie value that carries it. */
export type NewSession = { actor: Actor; cookie: string };
/** A request's session: its account and the hashed id of its row. */
export type Session = { actor: Actor; sessionHash: string };

/** An invitation link lasts a week. */
export const INVITE_TTL_MS = 7 * 24 * 3600_000;
/** `last_seen_at` is written at most this often per session, not on every request. */
const SEEN_RESOLUTION_MS = 5 * 60_000;

const teamMode = () => env().STUDIO_AUTH === "on";
const secret = () => env().STUDIO_SESSION_SECRET as string;
const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");
export const toActor = (user: Pick<UserRow, "id" | "email" | "name" | "role">): Actor => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role as Role,
});

export function requireTeamMode(): void {
  if (!teamMode()) throw new AppError("team_mode_off", "Accounts exist only in team mode (set STUDIO_AUTH=on).");
}

export const toAccountView = (user: UserRow): AccountView => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role as Role,
  disabled: user.disabled_at !== null,
  createdAt: user.created_at,
  quota: parseOverride(user.quota),
});

function newUser(fields: { email: string; name: string; passwordHash: string; role: Role }, now: string): UserRow {
  return {
    id: randomUUID(),
    email: fields.email,
    name: fields.name,
    password_hash: fields.passwordHash,
    role: fields.role,
    disabled_at: null,
    created_at: now,
    updated_at: now,
    quota: "{}",
  };
}

/**
 * The admin named by STUDIO_ADMIN_EMAIL and STUDIO_ADMIN_PASSWORD exists: made once, on first
 * use, and left alone afterwards (a later password change in the studio is not undone at the
 * next restart). Two instances starting together both try; the unique address lets one win.
 */
export function ensureEnvAdmin(): Promise<void> {
  const { STUDIO_ADMIN_EMAIL: email, STUDIO_ADMIN_PASSWORD: password } = env();
  if (!teamMode() || !email || !password) return Promise.resolve();
  return processSingleton("env-admin", async () => {
    const database = await db();
    const address = email.toLowerCase();
    if (await repo.findUserByEmail(database, address)) return;
    const now = new Date().toISOString();
    try {
      await repo.insertUser(
        database,
        newUser({ email: address, name: "", passwordHash: await hashPassword(password), role: "admin" }, now),
      );
      await audit({ actor: null, action: "setup", target: address, detail: { from: "environment" } });
    } catch (error) {
      if (!(await repo.findUserByEmail(database, address))) throw error;
    }
  });
}

/** True while team mode has no account at all and none comes from the environment: /setup makes the first admin. */
export async function setupNeeded(): Promise<boolean> {
  if (!teamMode() || env().STUDIO_ADMIN_EMAIL) return false;
  return (await repo.countUsers(await db())) === 0;
}

async function startSession(user: UserRow, client: Client, now = new Date()): Promise<NewSession> {
  const id = newSessionId();
  await repo.insertSession(await db(), {
    id: sessionHash(id),
    user_id: user.id,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SESSION_TTL_S * 1000).toISOString(),
    last_seen_at: now.toISOString(),
    ip: client.ip,
    user_agent: client.userAgent,
  });
  return { actor: toActor(user), cookie: await sealSessionId(id, secret()) };
}

/** The account behind a session cookie, or null when there is none, it does not open, or its session has ended. */
export async function sessionFromCookie(cookie: string | undefined, now = new Date()): Promise<Session | null> {
  if (!cookie || !teamMode()) return null;
  const id = await openSessionCookie(cookie, secret());
  if (!id) return null;
  const database = await db();
  const hash = sessionHash(id);
  const row = await repo.findSessionUser(database, hash, now.toISOString());
  if (!row) return null;
  if (now.getTime() - Date.parse(row.last_seen_at) > SEEN_RESOLUTION_MS)
    await repo.touchSession(database, hash, now.toISOString());
  return { actor: toActor(row), sessionHash: hash };
}

const retryMinutes = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));

function lockedError(until: Date, now: Date): AppError {
  const minutes = retryMinutes(until, now);
  return new AppError(
    "login_locked",
    `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    {
      retryAfterS: (until.getTime() - now.getTime()) / 1000,
    },
  );
}

/**
 * Signs in with an email and password. A new session every time (an old cookie sent along is
 * ended: the id rotates at sign-in). Wrong address and wrong password get the same answer in
 * the same time; too many failures lock the account and the address for a while.
 */
export async function signIn(
  { email, password }: Login,
  client: Client,
  previous: string | undefined,
  now = new Date(),
): Promise<NewSession> {
  requireTeamMode();
  await ensureEnvAdmin();
  const locked = await lockedUntil(email, client.ip, now);
  if (locked) {
    await audit({ actor: null, action: "login_locked", target: email, ip: client.ip }, now);
    throw lockedError(locked, now);
  }
  const user = await repo.findUserByEmail(await db(), email);
  const matches = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
  if (!user || !matches) {
    const lock = await recordLoginFailure(email, client.ip, now);
    await audit({ actor: null, action: "login_failed", target: email, ip: client.ip }, now);
    if (lock) throw lockedError(lock, now);
    throw new AppError("invalid_credentials", "That email and password do not match an account.");
  }
  if (user.disabled_at)
    throw new AppError("account_disabled", "This account is disabled. Ask an admin of the studio to enable it.");
  await recordLoginSuccess(email);
  const old = await sessionFromCookie(previous, now);
  if (old) await repo.deleteSession(await db(), old.sessionHash);
  const session = await startSession(user, client, now);
  await audit({ actor: session.actor, action: "login", ip: client.ip }, now);
  return session;
}

/** Ends this session, or every session of its account. */
export async function signOut(session: Session, everywhere: boolean, client: Client): Promise<void> {
  const database = await db();
  if (everywhere && session.actor.id) await repo.deleteUserSessions(database, session.actor.id);
  else await repo.deleteSession(database, session.sessionHash);
  await audit({ actor: session.actor, action: everywhere ? "logout_everywhere" : "logout", ip: client.ip });
}

/**
 * The one-time setup: makes the first admin when team mode has no account yet. The claim is
 * one insert of a lease row that never expires, so of two setups racing exactly one proceeds.
 */
export async function createFirstAdmin(fields: Setup, client: Client, now = new Date()): Promise<NewSession> {
  requireTeamMode();
  const gone = new AppError("setup_done", "The studio already has an admin. Sign in instead.");
  if (!(await setupNeeded())) throw gone;
  const database = await db();
  const user = newUser(
    { email: fields.email, name: fields.name, passwordHash: await hashPassword(fields.password), role: "admin" },
    now.toISOString(),
  );
  const claimed = await database
    .insertInto("leases")
    .values({ name: "first-admin", holder: user.id, expires_at: "9999-12-31T23:59:59.999Z" })
    .onConflict((oc) => oc.column("name").doNothing())
    .executeTakeFirst();
  if (Number(claimed.numInsertedOrUpdatedRows ?? 0) !== 1) throw gone;
  await repo.insertUser(database, user);
  await audit(
    { actor: toActor(user), action: "setup", target: user.email, detail: { from: "setup page" }, ip: client.ip },
    now,
  );
  return startSession(user, client, now);
}

const toInviteView = (row: InviteRow): InviteView => ({
  id: row.id,
  email: row.email,
  role: row.role as Role,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

/** A one-time invitation; the link's token is returned once, here, and only its hash is kept. */
export async function createInvite(
  actor: Actor,
  { email, role }: InviteCreate,
  client: Client,
  now = new Date(),
): Promise<{ invite: InviteView; path: string }> {
  requireTeamMode();
  const database = await db();
  if (await repo.findUserByEmail(database, email))
    throw new AppError("account_exists", `${email} already has an account.`);
  const token = randomBytes(24).toString("base64url");
  const row: InviteRow = {
    id: randomUUID(),
    token_hash: tokenHash(token),
    email,
    role,
    created_by: actor.id,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + INVITE_TTL_MS).toISOString(),
    used_at: null,
    revoked_at: null,
  };
  await repo.insertInvite(database, row);
  await audit({ actor, action: "invite_created", target: email, detail: { role }, ip: client.ip }, now);
  return { invite: toInviteView(row), path: `/invite/${token}` };
}

export async function listInvites(now = new Date()): Promise<InviteView[]> {
  requireTeamMode();
  return (await repo.listOpenInvites(await db(), now.toISOString())).map(toInviteView);
}

export async function revokeInvite(actor: Actor, id: string, client: Client): Promise<void> {
  requireTeamMode();
  const row = await repo.revokeInvite(await db(), id, new Date().toISOString());
  if (!row) throw notFound("An open invitation with that id");
  await audit({ actor, action: "invite_revoked", target: row.email, ip: client.ip });
}

const isOpen = (row: InviteRow, now: Date) => !row.used_at && !row.revoked_at && row.expires_at > now.toISOString();

const inviteGone = () =>
  new AppError(
    "invite_invalid",
    "This invitation link has been used, withdrawn or has expired. Ask an admin of the studio for a new one.",
  );

/** The open invitation a link's token names (for the invitation page), or null. */
export async function openInvite(token: string, now = new Date()): Promise<InviteView | null> {
  if (!teamMode()) return null;
  const row = await repo.findInviteByTokenHash(await db(), tokenHash(token));
  if (!row || !isOpen(row, now)) return null;
  return toInviteView(row);
}

/** Uses an invitation: makes the account with the invited address and role and signs it in. */
export async function acceptInvite(fields: InviteAccept, client: Client, now = new Date()): Promise<NewSession> {
  requireTeamMode();
  const database = await db();
  const row = await repo.findInviteByTokenHash(database, tokenHash(fields.token));
  if (!row || !isOpen(row, now)) throw inviteGone();
  if (await repo.findUserByEmail(database, row.email))
    throw new AppError("account_exists", `${row.email} already has an account. Sign in instead.`);
  const passwordHash = await hashPassword(fields.password);
  if (!(await repo.claimInvite(database, row.id, now.toISOString()))) throw inviteGone();
  const user = newUser(
    { email: row.email, name: fields.name, passwordHash, role: row.role as Role },
    now.toISOString(),
  );
  await repo.insertUser(database, user);
  await audit(
    { actor: toActor(user), action: "invite_accepted", target: user.email, detail: { role: user.role }, ip: client.ip },
    now,
  );
  return startSession(user, client, now);
}

export async function listAccounts(): Promise<AccountView[]> {
  requireTeamMode();
  return (await repo.listUsers(await db())).map(toAccountView);
}

/** An admin changes a role or disables/enables an account; disabling ends its sessions at once. */
export async function updateAccount(
  actor: Actor,
  id: string,
  change: UserUpdate,
  client: Client,
  now = new Date(),
): Promise<AccountView> {
  requireTeamMode();
  const database = await db();
  const user = await repo.findUserById(database, id);
  if (!user) throw notFound("The account");
  if (change.disabled === true && id === actor.id)
    throw new AppError("invalid_request", "You cannot disable your own account.");
  const patch: Partial<Pick<UserRow, "role" | "disabled_at">> = {};
  if (change.role !== undefined && change.role !== user.role) patch.role = change.role;
  if (change.disabled !== undefined && change.disabled !== (user.disabled_at !== null))
    patch.disabled_at = change.disabled ? now.toISOString() : null;
  const at = now.toISOString();
  // All or nothing: a role change refused (the last admin) must not leave a new quota behind,
  // nor an audit line for a change that was not made.
  // The admin rows are locked first (FOR UPDATE on Postgres), before the quota's own row, so two
  // such changes to two admins at once take their locks in one order and cannot deadlock.
  await database.transaction().execute(async (trx) => {
    if (Object.keys(patch).length > 0) {
      if (!(await repo.updateUserKeepingAnAdmin(trx, id, patch, at))) {
        throw new AppError(
          "last_admin",
          "The studio needs at least one active admin: make another account admin first.",
        );
      }
      if (patch.disabled_at) await repo.deleteUserSessions(trx, id);
      if (patch.role)
        await audit(
          {
            actor,
            action: "role_changed",
            target: user.email,
            detail: { from: user.role, to: patch.role },
            ip: client.ip,
          },
          now,
          trx,
        );
      if (patch.disabled_at !== undefined)
        await audit(
          { actor, action: patch.disabled_at ? "user_disabled" : "user_enabled", target: user.email, ip: client.ip },
          now,
          trx,
        );
    }
    if (change.quota !== undefined) {
      await repo.updateUser(trx, id, { quota: JSON.stringify(change.quota) }, at);
      await audit(
        {
          actor,
          action: "quota_changed",
          target: user.email,
          detail: { from: parseOverride(user.quota), to: change.quota },
          ip: client.ip,
        },
        now,
        trx,
      );
    }
  });
  return toAccountView((await repo.findUserById(database, id)) as UserRow);
}
