"use client";
import { createContext, useContext, type ReactNode } from "react";
import { setListOwner } from "@/lib/query/events";
import type { Role } from "@/lib/schemas/accounts";

// Who is looking, for the controls that depend on it (team mode): a viewer is offered no
// generating, and only a task's owner or an admin is offered changing or deleting it. The
// server enforces both; this only keeps the page from offering what it would refuse.
// `null`: sign-in is off, one person owns everything.

export type CurrentAccount = { id: string; role: Role } | null;

const Context = createContext<CurrentAccount>(null);

export function CurrentAccountProvider({ account, children }: { account: CurrentAccount; children: ReactNode }) {
  // The live feed files changes into "Mine" by this id.
  setListOwner(account?.id ?? null);
  return <Context.Provider value={account}>{children}</Context.Provider>;
}

export const useCurrentAccount = () => useContext(Context);

/** Whether the page may offer changing or deleting a task made by `ownerId`. */
export function useMayChange(ownerId: string | null | undefined): boolean {
  const account = useContext(Context);
  return account === null || account.role === "admin" || ownerId === account.id;
}

/** Whether the page may offer generating (members and admins). */
export function useMayGenerate(): boolean {
  const account = useContext(Context);
  return account === null || account.role !== "viewer";
}
