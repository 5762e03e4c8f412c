import type { QuotaStatus } from "@/lib/schemas/quota";
import { request } from "./api";

// The signed-in account's quota (team mode; the quota meter loads lazily).

export const quotaApi = {
  getQuota: () => request<{ quota: QuotaStatus }>("/api/quota"),
};
