"use client";
import { useQueries } from "@tanstack/react-query";
import { api } from "./api";
import { taskKeys } from "./keys";

// Its own module, apart from ./tasks: only the compare page reads several tasks at once, and
// useQueries would otherwise ride along in the studio page's first load.

/** Several tasks by id, each on its own (one missing task does not hide the others). */
export function useTasks(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: taskKeys.detail(id),
      queryFn: () => api.getTask(id).then((r) => r.task),
    })),
  });
}
