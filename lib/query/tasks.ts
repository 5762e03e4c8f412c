"use client";
import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import type { GenerationRequest } from "@/lib/schemas/generation";
import { FINISHED_STATES, type Task, type TaskPage } from "@/lib/schemas/task";
import { api, ApiError } from "./api";

export const taskKeys = {
  all: ["tasks"] as const,
  list: () => [...taskKeys.all, "list"] as const,
};

/** While any task is unfinished the list refreshes itself; idle, it stops asking. */
const LIVE_REFRESH_MS = 1_500;
/** A video is usually archived seconds after it is ready: keep refreshing that long to show it land. */
const ARCHIVE_WATCH_MS = 60_000;

function awaitingArchive(task: Task, now: number): boolean {
  return task.state === "succeeded" && task.finishedAt !== null && now - Date.parse(task.finishedAt) < ARCHIVE_WATCH_MS && task.videos.some((v) => !v.archived);
}

export function useTaskList() {
  return useInfiniteQuery({
    queryKey: taskKeys.list(),
    queryFn: ({ pageParam }) => api.listTasks(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) => {
      const pages = query.state.data?.pages ?? [];
      const now = Date.now();
      const live = pages.some((p) => p.items.some((t) => !FINISHED_STATES.includes(t.state) || awaitingArchive(t, now)));
      return live ? LIVE_REFRESH_MS : false;
    },
  });
}

function prepend(data: InfiniteData<TaskPage, string | undefined> | undefined, task: Task) {
  if (!data) return data;
  const [first, ...rest] = data.pages;
  const firstPage = first ?? { items: [], nextCursor: null };
  return { ...data, pages: [{ ...firstPage, items: [task, ...firstPage.items.filter((t) => t.id !== task.id)] }, ...rest] };
}

/** Submits a generation; the accepted task appears at the top of the gallery at once. */
export function useCreateVideo() {
  const client = useQueryClient();
  return useMutation<{ task: Task }, ApiError, GenerationRequest>({
    mutationFn: api.createVideo,
    onSuccess: ({ task }) => {
      client.setQueryData(taskKeys.list(), (data: InfiniteData<TaskPage, string | undefined> | undefined) => prepend(data, task));
      void client.invalidateQueries({ queryKey: taskKeys.list() });
    },
    onError: (error) => {
      // A refused task is still stored (with its reason): show it in the gallery too.
      if (error.task) client.setQueryData(taskKeys.list(), (data: InfiniteData<TaskPage, string | undefined> | undefined) => prepend(data, error.task as Task));
    },
  });
}
