"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { InviteCreateInput, UserUpdateInput } from "@/lib/schemas/accounts";
import { adminApi } from "./admin-api";
import type { ApiError } from "./api";

// The admin page's data: the team's accounts and the open invitations.

export const adminKeys = { users: ["admin", "users"] as const, invites: ["admin", "invites"] as const };

export const useUsers = () => useQuery({ queryKey: adminKeys.users, queryFn: adminApi.listUsers });
export const useInvites = () => useQuery({ queryKey: adminKeys.invites, queryFn: adminApi.listInvites });

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation<
    Awaited<ReturnType<typeof adminApi.updateUser>>,
    ApiError,
    { id: string; change: UserUpdateInput }
  >({
    mutationFn: ({ id, change }) => adminApi.updateUser(id, change),
    onSettled: () => client.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export function useCreateInvite() {
  const client = useQueryClient();
  return useMutation<Awaited<ReturnType<typeof adminApi.createInvite>>, ApiError, InviteCreateInput>({
    mutationFn: adminApi.createInvite,
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.invites }),
  });
}

export function useRevokeInvite() {
  const client = useQueryClient();
  return useMutation<unknown, ApiError, string>({
    mutationFn: adminApi.revokeInvite,
    onSettled: () => client.invalidateQueries({ queryKey: adminKeys.invites }),
  });
}
