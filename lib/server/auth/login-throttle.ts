import "server-only";
import { activeLock, clearFailures, countFailure, lockKey } from "../db/login-failures-repo";
import { db } from "../db";

// Guessing passwords is slowed per account and per address: after too many failures in a
// window the key is locked for a while, and while it is locked even the right password is
// refused. The counts live in the database, so every instance of the studio enforces them.

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_LOCK_MS = 15 * 60_000;
/** Failures per account in a window before it locks (someone guessing one person's password). */
export const ACCOUNT_FAILURE_LIMIT = 5;
/** Failures per address in a window before it locks (someone trying many accounts). */
export const IP_FAILURE_LIMIT = 20;

const accountKey = (email: string) => `account:${email}`;
const ipKey = (ip: string) => `ip:${ip}`;
const keysFor = (email: string, ip: string | null) => [accountKey(email), ...(ip ? [ipKey(ip)] : [])];

/** When the sign-in may be tried again, if the account or the address is locked now. */
export async function lockedUntil(email: string, ip: string | null, now = new Date()): Promise<Date | undefined> {
  const until = await activeLock(await db(), keysFor(email, ip), now.toISOString());
  return until ? new Date(until) : undefined;
}

/** Counts a failed sign-in; returns when the account or address is now locked until, if it is. */
export async function recordLoginFailure(
  email: string,
  ip: string | null,
  now = new Date(),
): Promise<Date | undefined> {
  const database = await db();
  const windowFrom = new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString();
  const until = new Date(now.getTime() + LOGIN_LOCK_MS);
  let locked: Date | undefined;
  for (const [key, limit] of [
    [accountKey(email), ACCOUNT_FAILURE_LIMIT],
    ...(ip ? [[ipKey(ip), IP_FAILURE_LIMIT] as const] : []),
  ] as const) {
    if ((await countFailure(database, key, now.toISOString(), windowFrom)) >= limit) {
      await lockKey(database, key, until.toISOString());
      locked = until;
    }
  }
  return locked;
}

/** A successful sign-in clears its account's count (not the address's: one right guess among many wrong ones should not reset it). */
export async function recordLoginSuccess(email: string): Promise<void> {
  await clearFailures(await db(), accountKey(email));
}
