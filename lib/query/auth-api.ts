import type { InviteAcceptInput, LoginInput, SetupInput, SignedInAccount } from "@/lib/schemas/accounts";
import { request } from "./api";

// Signing in and out (team mode): the sign-in, setup and invitation pages and the account menu.

export const authApi = {
  login: (input: LoginInput) =>
    request<{ account: SignedInAccount }>("/api/auth/login", { method: "POST", body: JSON.stringify(input) }),
  logout: (everywhere = false) =>
    request<{ signedOut: true }>("/api/auth/logout", { method: "POST", body: JSON.stringify({ everywhere }) }),
  setup: (input: SetupInput) =>
    request<{ account: SignedInAccount }>("/api/auth/setup", { method: "POST", body: JSON.stringify(input) }),
  acceptInvite: (input: InviteAcceptInput) =>
    request<{ account: SignedInAccount }>("/api/auth/invites/accept", { method: "POST", body: JSON.stringify(input) }),
};
