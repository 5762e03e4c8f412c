import type { ViewFilter } from "@/lib/schemas/task-filter";

/** react-query keys, in one place so the SSE bridge and the hooks agree. */
export const taskKeys = {
  all: ["tasks"] as const,
  /** Every list view, whatever its filter (the live feed updates them all). */
  lists: () => [...taskKeys.all, "list"] as const,
  /** One view of the list; `{}` is the whole gallery (also the composer's history). */
  list: (filter: ViewFilter = {}) => [...taskKeys.lists(), filter] as const,
  /** One task on its own (its detail drawer, the compare page). */
  detail: (id: string) => [...taskKeys.all, "detail", id] as const,
};

/** The signed-in account's quota (limits and usage); refreshed after a submit and when a task ends. */
export const quotaKey = ["quota"] as const;
