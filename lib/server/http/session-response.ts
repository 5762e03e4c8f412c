import "server-only";
import { json } from "./route";
import type { NewSession } from "../auth/accounts";
import { clientIp, clientUserAgent, isHttps } from "../auth/request-client";
import { clearedSessionCookieHeader, sessionCookieHeader } from "../auth/session-cookie";

// The answers of the routes that start or end a session: the account as JSON and the cookie.

export const clientOf = (req: Request) => ({ ip: clientIp(req), userAgent: clientUserAgent(req) });

export function signedInResponse(req: Request, session: NewSession, status = 200): Response {
  const res = json(
    {
      account: { id: session.actor.id, email: session.actor.email, name: session.actor.name, role: session.actor.role },
    },
    { status },
  );
  res.headers.append("set-cookie", sessionCookieHeader(session.cookie, isHttps(req)));
  return res;
}

export function signedOutResponse(req: Request): Response {
  const res = json({ signedOut: true });
  res.headers.append("set-cookie", clearedSessionCookieHeader(isHttps(req)));
  return res;
}
