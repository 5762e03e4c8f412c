"use client";
import { useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { Task, TaskPage } from "@/lib/schemas/task";
import { taskKeys } from "./keys";

// The bridge from /api/events (SSE) into the react-query cache: a changed task replaces its
// copy in the list, a new one is put on top, a deleted one disappears. No per-task polling.
// EventSource reconnects by itself and sends Last-Event-ID, so the server replays what was missed.

export type LiveState = "connecting" | "live" | "reconnecting";
type ListData = InfiniteData<TaskPage, string | undefined>;

export function upsertTask(data: ListData | undefined, task: Task): ListData | undefined {
  if (!data) return data;
  let found = false;
  const pages = data.pages.map((page) => ({
    ...page,
    items: page.items.map((t) => {
      if (t.id !== task.id) return t;
      found = true;
      // An event can overtake a slower list response: never replace a newer copy with an older one.
      return t.updatedAt > task.updatedAt ? t : task;
    }),
  }));
  if (found) return { ...data, pages };
  const [first, ...rest] = pages;
  const firstPage = first ?? { items: [], nextCursor: null };
  // Only tasks newer than the top of the list belong on it; older ones arrive with their page.
  const top = firstPage.items[0];
  if (top && task.createdAt < top.createdAt) return { ...data, pages };
  return { ...data, pages: [{ ...firstPage, items: [task, ...firstPage.items] }, ...rest] };
}

export function removeTask(data: ListData | undefined, id: string): ListData | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter((t) => t.id !== id) })) };
}

function apply(client: QueryClient, change: (data: ListData | undefined) => ListData | undefined) {
  client.setQueryData<ListData>(taskKeys.list(), change);
}

/** Keeps the task list live while mounted; returns the connection state for the UI. */
export function useTaskEvents(): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  useEffect(() => {
    const source = new EventSource("/api/events");
    const refetch = () => void client.invalidateQueries({ queryKey: taskKeys.list() });
    source.addEventListener("open", () => setState("live"));
    source.addEventListener("error", () => setState("reconnecting"));
    // A fresh connection or a gap too old to replay: the list is re-read once.
    source.addEventListener("ready", refetch);
    source.addEventListener("reset", refetch);
    source.addEventListener("task", (event) => {
      const { task } = JSON.parse((event as MessageEvent<string>).data) as { task: Task };
      apply(client, (data) => upsertTask(data, task));
    });
    source.addEventListener("deleted", (event) => {
      const { id } = JSON.parse((event as MessageEvent<string>).data) as { id: string };
      apply(client, (data) => removeTask(data, id));
    });
    return () => source.close();
  }, [client]);
  return state;
}
