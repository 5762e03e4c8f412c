import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { Role } from "@/lib/schemas/accounts";
import { env } from "../platform/env";
import { sessionFromCookie, setupNeeded } from "./accounts";
import { hasRole, LOCAL_ACTOR, type Actor } from "./actor";
import { SESSION_COOKIE } from "./session-cookie";

// The pages' side of sign-in: a page that needs an account sends a visitor without one to the
// sign-in page (or to /setup while the studio has no account at all), and comes back after.

/**
 * The account behind the page's request: the local admin with sign-in off, null when not signed
 * in. Once per request (React's cache): the page and its header both ask.
 */
export const pageActor = cache(async (): Promise<Actor | null> => {
  if (env().STUDIO_AUTH === "off") return LOCAL_ACTOR;
  return (await sessionFromCookie((await cookies()).get(SESSION_COOKIE)?.value))?.actor ?? null;
});

/** Where to go back to after signing in: a path of this studio only, never another site. */
export function safeNext(next: string | string[] | undefined): string {
  return typeof next === "string" && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")
    ? next
    : "/";
}

/** A page's path with its query, to come back to after signing in. */
export function pathWithQuery(path: string, searchParams: Record<string, string | string[] | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams)) for (const v of [value ?? []].flat()) query.append(key, v);
  return query.size > 0 ? `${path}?${query}` : path;
}

/** The header's account: none with sign-in off (one person, nothing to show). */
export const headerAccount = (actor: Actor) =>
  actor.email ? { name: actor.name, email: actor.email, role: actor.role } : null;

/** Who the page's client components see as signed in (CurrentAccountProvider): none with sign-in off. */
export const currentAccount = (actor: Actor) =>
  env().STUDIO_AUTH === "on" && actor.id ? { id: actor.id, role: actor.role } : null;

export async function requirePageActor(path: string, least: Role = "viewer"): Promise<Actor> {
  const actor = await pageActor();
  if (!actor) redirect((await setupNeeded()) ? "/setup" : `/login?next=${encodeURIComponent(safeNext(path))}`);
  if (!hasRole(actor, least)) redirect("/");
  return actor;
}
