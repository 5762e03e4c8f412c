"use client";
import { useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { Task, TaskPage } from "@/lib/schemas/task";
import { matchesFilter, type ViewFilter } from "@/lib/schemas/task-filter";
import { quotaKey, taskKeys } from "./keys";

// The bridge from /api/events (SSE) into the react-query cache: a changed task replaces its
// copy in the list, a new one is put on top, a deleted one disappears. No per-task polling.
// EventSource reconnects by itself and sends Last-Event-ID, so the server replays what was missed.

export type LiveState = "connecting" | "live" | "reconnecting";
export type ListData = InfiniteData<TaskPage, string | undefined>;

/** The signed-in account, for the "Mine" view's filter (null with sign-in off). */
let listOwner: string | null = null;
export function setListOwner(id: string | null) {
  listOwner = id;
}

export function upsertTask(data: ListData | undefined, task: Task, filter: ViewFilter = {}): ListData | undefined {
  if (!data) return data;
  // A task that no longer matches this view (say it finished, in a "rendering" view) leaves it.
  if (!matchesFilter(task, filter, listOwner)) return removeTask(data, task.id);
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

/**
 * A re-read list may be older than events that arrived while it was in flight: keep the newer
 * copy of each task (by updatedAt), so a refetch never undoes a live update.
 */
export function keepNewerTasks(previous: ListData | undefined, fresh: ListData): ListData {
  if (!previous) return fresh;
  const known = new Map<string, Task>();
  for (const page of previous.pages) for (const task of page.items) known.set(task.id, task);
  return {
    ...fresh,
    pages: fresh.pages.map((page) => ({
      ...page,
      items: page.items.map((task) => {
        const mine = known.get(task.id);
        return mine && mine.updatedAt > task.updatedAt ? mine : task;
      }),
    })),
  };
}

export function removeTask(data: ListData | undefined, id: string): ListData | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter((t) => t.id !== id) })) };
}

/** Applies a change to every cached list view, each with its own filter. */
export function applyToLists(
  client: QueryClient,
  change: (data: ListData | undefined, filter: ViewFilter) => ListData | undefined,
) {
  for (const [key, data] of client.getQueriesData<ListData>({ queryKey: taskKeys.lists() })) {
    const filter = (key[2] ?? {}) as ViewFilter;
    client.setQueryData<ListData>(key, change(data, filter));
  }
}

/**
 * A task's new copy everywhere it is cached: each list view (by its filter) and its detail.
 * An older copy never replaces a newer one.
 */
export function putTask(client: QueryClient, task: Task) {
  applyToLists(client, (data, filter) => upsertTask(data, task, filter));
  client.setQueryData<Task>(taskKeys.detail(task.id), (old) =>
    old === undefined || old.updatedAt <= task.updatedAt ? task : old,
  );
  // A finished task frees a slot of the account's concurrent quota (and a failed one may refund).
  if (task.state === "succeeded" || task.state === "failed") void client.invalidateQueries({ queryKey: quotaKey });
}

/** A deleted task leaves every list; an open detail reads it again and learns it is gone (404). */
export function dropTask(client: QueryClient, id: string) {
  applyToLists(client, (data) => removeTask(data, id));
  void client.invalidateQueries({ queryKey: taskKeys.detail(id), exact: true });
  void client.invalidateQueries({ queryKey: quotaKey });
}

/** After the server refused the stream (a 502 from a proxy during a restart), try again this often. */
const RECONNECT_DELAYS_MS = [1_000, 2_000, 5_000, 10_000];
/** A reconnect quicker than this is not worth showing (the studio ends streams now and then). */
const QUIET_RECONNECT_MS = 1_500;

/** What a page may want to hear besides the cache updates: a task changed or went, or the feed restarted. */
export type TaskChange = { kind: "task"; task: Task } | { kind: "deleted"; id: string } | { kind: "reset" };

/**
 * Keeps the task list live while mounted; returns the connection state for the UI. `onChange`
 * hears every change after the cache has it (a storyboard refreshes its takes from it).
 */
export function useTaskEvents(onChange?: (change: TaskChange) => void): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  const listener = useRef(onChange);
  useEffect(() => {
    listener.current = onChange;
  });
  useEffect(() => {
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let showReconnecting: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let lastId = "";
    const refetch = () => {
      void client.invalidateQueries({ queryKey: taskKeys.all });
      listener.current?.({ kind: "reset" });
    };
    const remember = (event: Event) => {
      const id = (event as MessageEvent).lastEventId;
      if (id) lastId = id;
    };

    const connect = () => {
      // EventSource resends Last-Event-ID by itself on its own reconnects; after it gave up, the
      // id travels in the query string of the new stream.
      source = new EventSource(lastId ? `/api/events?lastEventId=${encodeURIComponent(lastId)}` : "/api/events");
      source.addEventListener("open", () => {
        failures = 0;
        clearTimeout(showReconnecting);
        showReconnecting = undefined;
        setState("live");
      });
      source.addEventListener("error", () => {
        showReconnecting ??= setTimeout(() => setState("reconnecting"), QUIET_RECONNECT_MS);
        if (source?.readyState !== EventSource.CLOSED) return;
        // A refused stream (non-200) is final for EventSource: start a new one after a pause.
        const delay = RECONNECT_DELAYS_MS[Math.min(failures++, RECONNECT_DELAYS_MS.length - 1)];
        retry = setTimeout(connect, delay);
      });
      // A fresh connection or a gap too old to replay: the list is re-read once.
      const rememberAndRefetch = (event: Event) => {
        remember(event);
        refetch();
      };
      source.addEventListener("ready", rememberAndRefetch);
      source.addEventListener("reset", rememberAndRefetch);
      source.addEventListener("task", (event) => {
        remember(event);
        const { task } = JSON.parse((event as MessageEvent<string>).data) as { task: Task };
        putTask(client, task);
        listener.current?.({ kind: "task", task });
      });
      source.addEventListener("deleted", (event) => {
        remember(event);
        const { id } = JSON.parse((event as MessageEvent<string>).data) as { id: string };
        dropTask(client, id);
        listener.current?.({ kind: "deleted", id });
      });
    };
    connect();
    return () => {
      clearTimeout(retry);
      clearTimeout(showReconnecting);
      source?.close();
    };
  }, [client]);
  return state;
}
