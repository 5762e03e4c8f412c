import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { sealData, unsealData } from "iron-session";

// The session cookie carries one random id, sealed (encrypted and signed) with
// STUDIO_SESSION_SECRET by iron-session: a forged or altered cookie does not open, and one
// past its time does not either. The id names a row in `sessions`, so signing out, "sign out
// everywhere" and disabling an account end a session at once, even while its cookie is valid.

export const SESSION_COOKIE = "studio_session";
/** Sessions last two weeks from sign-in; the cookie and the row both end then. */
export const SESSION_TTL_S = 14 * 24 * 3600;

export const newSessionId = (): string => randomBytes(32).toString("base64url");

/** What `sessions.id` holds: a copy of the table opens no session. */
export const sessionHash = (sessionId: string): string => createHash("sha256").update(sessionId).digest("hex");

export function sealSessionId(sessionId: string, secret: string): Promise<string> {
  return sealData({ sid: sessionId }, { password: secret, ttl: SESSION_TTL_S });
}

/** The session id in a cookie value, or null when it is forged, altered, expired or not ours. */
export async function openSessionCookie(value: string, secret: string): Promise<string | null> {
  try {
    const data = await unsealData<{ sid?: unknown }>(value, { password: secret, ttl: SESSION_TTL_S });
    return typeof data.sid === "string" && data.sid.length >= 32 ? data.sid : null;
  } catch {
    return null;
  }
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * `HttpOnly` (no script reads it), `SameSite=Lax` (not sent on another site's POST), `Secure`
 * when the studio is reached over https.
 */
export function sessionCookieHeader(value: string, secure: boolean, maxAgeS = SESSION_TTL_S - 60): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAgeS}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

export const clearedSessionCookieHeader = (secure: boolean): string => sessionCookieHeader("", secure, 0);
