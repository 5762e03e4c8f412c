import "server-only";
import type { Role } from "@/lib/schemas/accounts";
import { env } from "../platform/env";
import { AppError } from "../platform/errors";
import { sessionFromCookie, type Session } from "./accounts";
import { hasRole, LOCAL_ACTOR, type Actor } from "./actor";
import { clientIp } from "./request-client";
import { readCookie, SESSION_COOKIE } from "./session-cookie";

// Who may call a route. With sign-in off everyone is the local admin; with it on, a route needs
// a live session whose role is at least the route's.

export const sessionFromRequest = (req: Request): Promise<Session | null> =>
  sessionFromCookie(readCookie(req, SESSION_COOKIE));

const FORBIDDEN: Record<Exclude<Role, "viewer">, string> = {
  member:
    "Your account can watch videos but not make or change them (viewer role). Ask an admin of the studio for the member role.",
  admin: "Only an admin of the studio can do that.",
};

/** Reading needs any account; changing needs a member, unless the route says otherwise. */
export const defaultRole = (method: string): Role => (method === "GET" || method === "HEAD" ? "viewer" : "member");

export async function authorize(req: Request, least: Role): Promise<Actor> {
  if (env().STUDIO_AUTH === "off") return LOCAL_ACTOR;
  const session = await sessionFromRequest(req);
  if (!session)
    throw new AppError(
      "unauthenticated",
      "Sign in to use the studio: your session has ended or you are not signed in.",
    );
  if (least !== "viewer" && !hasRole(session.actor, least)) throw new AppError("forbidden", FORBIDDEN[least]);
  return { ...session.actor, ip: clientIp(req) };
}
