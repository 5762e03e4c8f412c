"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { QuotaLimits, QuotaStatus } from "@/lib/schemas/quota";
import { adminApi } from "./admin-api";
import type { ApiError } from "./api";
import { quotaApi } from "./quota-api";
import { quotaKey } from "./keys";

/**
 * The signed-in account's quota, starting from what the page rendered with. `null` (sign-in off)
 * means there is none: nothing is fetched.
 */
export function useQuota(initial: QuotaStatus | null) {
  return useQuery({
    queryKey: quotaKey,
    queryFn: async () => (await quotaApi.getQuota()).quota,
    initialData: initial ?? undefined,
    enabled: initial !== null,
    // The day's counter turns over at midnight UTC; other people's changes (an admin's) show within a minute.
    refetchInterval: 60_000,
  });
}

const defaultsKey = ["admin", "quota-defaults"] as const;

export const useQuotaDefaults = () =>
  useQuery({ queryKey: defaultsKey, queryFn: async () => (await adminApi.getQuotaDefaults()).defaults });

export function useSetQuotaDefaults() {
  const client = useQueryClient();
  return useMutation<QuotaLimits, ApiError, QuotaLimits>({
    mutationFn: async (limits) => (await adminApi.setQuotaDefaults(limits)).defaults,
    onSuccess: (limits) => {
      client.setQueryData(defaultsKey, limits);
      void client.invalidateQueries({ queryKey: quotaKey });
    },
  });
}
