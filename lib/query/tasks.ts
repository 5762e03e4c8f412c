"use client";
import { replaceEqualDeep, useInfiniteQuery, useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import type { GenerationRequest } from "@/lib/schemas/generation";
import { FINISHED_STATES, type Task } from "@/lib/schemas/task";
import { api, ApiError } from "./api";
import type { ViewFilter } from "@/lib/schemas/task-filter";
import type { TaskEditInput } from "@/lib/schemas/task-edit";
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


/** Several tasks by id, each on its own (one missing task does not hide the others). */
export function useTasks(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: taskKeys.detail(id),
      queryFn: () => api.getTask(id).then((r) => r.task),
      // A deleted task stays deleted: asking again will not bring it back.
      retry: (failures: number, error: Error) => !(error instanceof ApiError && error.status === 404) && failures < 2,
    })),
  });
}

/**
 * Edits a task (rating, star, tags, notes). The change shows at once (the task's own query is
 * updated before the answer, and put back if refused); the answer then updates every cached list.
 */
export function useEditTask() {
  const client = useQueryClient();
  return useMutation<{ task: Task }, ApiError, { id: string; edit: TaskEditInput }, { previous?: Task }>({
    mutationFn: ({ id, edit }) => api.editTask(id, edit),
    onMutate: async ({ id, edit }) => {
      await client.cancelQueries({ queryKey: taskKeys.detail(id) });
      const previous = client.getQueryData<Task>(taskKeys.detail(id));
      if (previous) client.setQueryData<Task>(taskKeys.detail(id), { ...previous, ...edit } as Task);
      return { previous };
    },
    onError: (_error, { id }, context) => {
      if (context?.previous) client.setQueryData(taskKeys.detail(id), context.previous);
    },
    onSuccess: ({ task }) => {
      client.setQueryData(taskKeys.detail(task.id), task);
      applyToLists(client, (data, filter) => upsertTask(data, task, filter));
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
