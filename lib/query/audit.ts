"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { auditFilterToParams, type AuditFilter, type AuditPage } from "@/lib/schemas/audit";
import { request } from "./api";

export type AuditView = Omit<AuditFilter, "before">;

/** The export's address for a view: the same filters, every line. */
export const auditExportUrl = (view: AuditView) => `/api/admin/audit/export?${auditFilterToParams(view)}`;

/** The audit log, newest first, a page at a time. */
export function useAuditLog(view: AuditView) {
  return useInfiniteQuery({
    queryKey: ["admin", "audit", view],
    queryFn: ({ pageParam }) => {
      const params = auditFilterToParams(view);
      if (pageParam) params.set("before", pageParam);
      return request<AuditPage>(`/api/admin/audit?${params}`);
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
}
