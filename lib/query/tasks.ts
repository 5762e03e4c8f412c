"use client";
import {
  replaceEqualDeep,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";
import type { GenerationRequest } from "@/lib/schemas/generation";
import { FINISHED_STATES, type Task } from "@/lib/schemas/task";
import { api, type ApiError, type RunInput } from "./api";
import type { ViewFilter } from "@/lib/schemas/task-filter";
import type { TaskEditInput } from "@/lib/schemas/task-edit";
import { dropTask, keepNewerTasks, putTask, type ListData } from "./events";
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
    structuralSharing: (previous, fresh) =>
      replaceEqualDeep(previous, keepNewerTasks(previous as ListData | undefined, fresh as ListData)),
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
    onSuccess: ({ task }) => putTask(client, task),
    onError: (error) => {
      // A refused task is still stored (with its reason): show it in the gallery too.
      if (error.task) putTask(client, error.task);
    },
  });
}

/** Submits variations as one run; all of its tasks appear in the gallery at once. */
export function useCreateRun() {
  const client = useQueryClient();
  return useMutation<{ runId: string; tasks: Task[] }, ApiError, RunInput>({
    mutationFn: api.createRun,
    // Oldest first: each newer task then goes on top, so the list ends in the run's order.
    onSuccess: ({ tasks }) => {
      for (const task of tasks) putTask(client, task);
    },
  });
}

/** Deletes a task; it leaves the gallery at once (the event feed tells other tabs). */
export function useDeleteTask() {
  const client = useQueryClient();
  return useMutation<{ id: string }, ApiError, string>({
    mutationFn: api.deleteTask,
    onSuccess: ({ id }) => dropTask(client, id),
  });
}

/** Adopts a task made elsewhere by its AceData task id. */
export function useImportTask() {
  const client = useQueryClient();
  return useMutation<{ task: Task; created: boolean }, ApiError, string>({
    mutationFn: api.importTask,
    onSuccess: ({ task }) => putTask(client, task),
  });
}

/** The copy of a task some cached list already holds (so a detail opens without waiting). */
function cachedTask(client: QueryClient, id: string): Task | undefined {
  for (const [, data] of client.getQueriesData<ListData>({ queryKey: taskKeys.lists() })) {
    for (const page of data?.pages ?? []) {
      const task = page.items.find((t) => t.id === id);
      if (task) return task;
    }
  }
  return undefined;
}

/** One task, kept live by the event feed (see putTask); shown at once from a list when cached. */
export function useTask(id: string | undefined) {
  const client = useQueryClient();
  return useQuery({
    queryKey: taskKeys.detail(id ?? ""),
    queryFn: async () => (await api.getTask(id as string)).task,
    enabled: id !== undefined,
    initialData: () => (id === undefined ? undefined : cachedTask(client, id)),
    // A cached copy is as fresh as the live feed keeps it; read it again only when it is missing.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * A user's edit of one task (star, tags, notes, rating). It shows at once in the task's own
 * query (put back if refused); the answer, the task as stored, then goes everywhere it is cached.
 */
export function useEditTask(id: string) {
  const client = useQueryClient();
  return useMutation<{ task: Task }, ApiError, TaskEditInput, { previous?: Task }>({
    mutationFn: (edit) => api.editTask(id, edit),
    onMutate: async (edit) => {
      await client.cancelQueries({ queryKey: taskKeys.detail(id) });
      const previous = client.getQueryData<Task>(taskKeys.detail(id));
      if (previous) client.setQueryData<Task>(taskKeys.detail(id), { ...previous, ...edit } as Task);
      return { previous };
    },
    onError: (_error, _edit, context) => {
      if (context?.previous) client.setQueryData(taskKeys.detail(id), context.previous);
    },
    onSuccess: ({ task }) => putTask(client, task),
  });
}
