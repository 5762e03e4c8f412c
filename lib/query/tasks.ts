"use client";
import { replaceEqualDeep, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import type { GenerationRequest } from "@/lib/schemas/generation";
import { FINISHED_STATES, type Task } from "@/lib/schemas/task";
import { api, ApiError, type RunInput } from "./api";
import type { ViewFilter } from "@/lib/schemas/task-filter";
import { applyToLists, keepNewerTasks, removeTask, upsertTask, type ListData } from "./events";
import { taskKeys } from "./keys";

export { taskKeys };

/**
 * Live changes come from /api/events. Only while that stream is down and a task is unfinished
 * does the list re-read itself, slowly, as a fallback.
 */
const FALLBACK_REFRESH_MS = 5_000;

export function useTaskList(streamLive = true, filter: ViewFilter = {}) {
  return useInfiniteQuery({
    queryKey: taskKeys.list(filter),
    queryFn: ({ pageParam }) => api.listTasks(filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    structuralSharing: (previous, fresh) => replaceEqualDeep(previous, keepNewerTasks(previous as ListData | undefined, fresh as ListData)),
    refetchInterval: (query) => {
      if (streamLive) return false;
      const pages = query.state.data?.pages ?? [];
      const unfinished = pages.some((p) => p.items.some((t) => !FINISHED_STATES.includes(t.state)));
      return unfinished ? FALLBACK_REFRESH_MS : false;
    },
  });
}


/** Submits a generation; the accepted task appears at the top of the gallery at once. */
export function useCreateVideo() {
  const client = useQueryClient();
  return useMutation<{ task: Task }, ApiError, GenerationRequest>({
    mutationFn: api.createVideo,
    onSuccess: ({ task }) => {
      applyToLists(client, (data, filter) => upsertTask(data, task, filter));
    },
    onError: (error) => {
      // A refused task is still stored (with its reason): show it in the gallery too.
      if (error.task) applyToLists(client, (data, filter) => upsertTask(data, error.task as Task, filter));
    },
  });
}

/** Submits variations as one run; all of its tasks appear in the gallery at once. */
export function useCreateRun() {
  const client = useQueryClient();
  return useMutation<{ runId: string; tasks: Task[] }, ApiError, RunInput>({
    mutationFn: api.createRun,
    onSuccess: ({ tasks }) => {
      applyToLists(client, (data, filter) => tasks.reduce((list, task) => upsertTask(list, task, filter), data));
    },
  });
}

/** Deletes a task; it leaves the gallery at once (the event feed tells other tabs). */
export function useDeleteTask() {
  const client = useQueryClient();
  return useMutation<{ id: string }, ApiError, string>({
    mutationFn: api.deleteTask,
    onSuccess: ({ id }) => applyToLists(client, (data) => removeTask(data, id)),
  });
}

/** Adopts a task made elsewhere by its AceData task id. */
export function useImportTask() {
  const client = useQueryClient();
  return useMutation<{ task: Task; created: boolean }, ApiError, string>({
    mutationFn: api.importTask,
    onSuccess: ({ task }) => applyToLists(client, (data, filter) => upsertTask(data, task, filter)),
  });
}
