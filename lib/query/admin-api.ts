import type { AccountView, InviteCreateInput, InviteView, UserUpdateInput } from "@/lib/schemas/accounts";
import type { QuotaLimits } from "@/lib/schemas/quota";
import { request } from "./api";

// The admin page's calls: the team's accounts, invitations and default quota.

export const adminApi = {
  getQuotaDefaults: () => request<{ defaults: QuotaLimits }>("/api/admin/quota-defaults"),
  setQuotaDefaults: (limits: QuotaLimits) =>
    request<{ defaults: QuotaLimits }>("/api/admin/quota-defaults", { method: "PUT", body: JSON.stringify(limits) }),
  listUsers: () => request<{ users: AccountView[] }>("/api/admin/users"),
  updateUser: (id: string, change: UserUpdateInput) =>
    request<{ user: AccountView }>(`/api/admin/users/${encodeURIComponent(id)}`, {
      method: "PATCH",
      body: JSON.stringify(change),
    }),
  listInvites: () => request<{ invites: InviteView[] }>("/api/admin/invites"),
  /** The answer's `path` is the one-time link; it is shown once and never again. */
  createInvite: (input: InviteCreateInput) =>
    request<{ invite: InviteView; path: string }>("/api/admin/invites", {
      method: "POST",
      body: JSON.stringify(input),
    }),
  revokeInvite: (id: string) =>
    request<{ id: string; revoked: true }>(`/api/admin/invites/${encodeURIComponent(id)}`, { method: "DELETE" }),
};
