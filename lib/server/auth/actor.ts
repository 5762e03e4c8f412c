import "server-only";
import type { Role } from "@/lib/schemas/accounts";

// Who is asking. With sign-in off there is one person at the keyboard and they may do anything;
// with sign-in on it is the account of the request's session.

export type Actor = {
  /** Null with sign-in off. */
  id: string | null;
  email: string | null;
  name: string;
  role: Role;
  /** Where the request came from, for the audit log (set per request with sign-in on). */
  ip?: string | null;
};

export const LOCAL_ACTOR: Actor = Object.freeze({ id: null, email: null, name: "", role: "admin" });

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2 };

export function hasRole(actor: Pick<Actor, "role">, least: Role): boolean {
  return RANK[actor.role] >= RANK[least];
}
