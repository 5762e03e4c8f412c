"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { InviteCreateInput, UserUpdateInput } from "@/lib/schemas/accounts";
import { api, type ApiError } from "./api";

// The admin page's data: the team's accounts and the open invitations.

export const adminKeys = { users: ["admin", "users"] as const, invites: ["admin", "invites"] as const };

export const useUsers = () => useQuery({ queryKey: adminKeys.users, queryFn: api.listUsers });
export const useInvites = () => useQuery({ queryKey: adminKeys.invites, queryFn: api.listInvites });

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation<Awaited<ReturnType<typeof api.updateUser>>, ApiError, { id: string; change: UserUpdateInput }>({
    mutationFn: ({ id, change }) => api.updateUser(id, change),
    onSettled: () => client.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export function useCreateInvite() {
  const client = useQueryClient();
  return useMutation<Awaited<ReturnType<typeof api.createInvite>>, ApiError, InviteCreateInput>({
    mutationFn: api.createInvite,
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.invites }),
  });
}

export function useRevokeInvite() {
  const client = useQueryClient();
  return useMutation<unknown, ApiError, string>({
    mutationFn: api.revokeInvite,
    onSettled: () => client.invalidateQueries({ queryKey: adminKeys.invites }),
  });
}
