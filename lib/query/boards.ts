"use client";
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { BoardDoc, BoardSummary, BoardView, FilmExport, GenerateResult, GenerateWhich } from "@/lib/schemas/board";
import { request } from "./api";

// The storyboard pages' calls and their cache keys. A board view is the board, each shot's
// takes (newest first) and the shots waiting for the one before them.

export const boardKeys = {
  all: ["boards"] as const,
  list: () => [...boardKeys.all, "list"] as const,
  detail: (id: string) => [...boardKeys.all, "detail", id] as const,
  exports: (id: string) => [...boardKeys.all, "exports", id] as const,
};

const path = (id: string) => `/api/boards/${encodeURIComponent(id)}`;

export const boardsApi = {
  list: () => request<{ boards: BoardSummary[] }>("/api/boards"),
  create: (title: string) => request<BoardView>("/api/boards", { method: "POST", body: JSON.stringify({ title }) }),
  get: (id: string) => request<BoardView>(path(id)),
  save: (id: string, version: number, board: BoardDoc) =>
    request<BoardView>(path(id), { method: "PUT", body: JSON.stringify({ version, board }) }),
  remove: (id: string) => request<{ id: string; deleted: true }>(path(id), { method: "DELETE" }),
  generate: (id: string, shots: GenerateWhich) =>
    request<GenerateResult>(`${path(id)}/generate`, { method: "POST", body: JSON.stringify({ shots }) }),
  /** The shared file (JSON), sent as it is: the server checks it whole. */
  importFile: (file: Blob) =>
    request<BoardView & { notes: string[] }>("/api/boards/import", {
      method: "POST",
      body: new Blob([file], { type: "application/json" }),
    }),
  fileUrl: (id: string) => `${path(id)}/file`,
  exports: (id: string) => request<{ exports: FilmExport[] }>(`${path(id)}/exports`),
  requestExport: (id: string) => request<{ export: FilmExport }>(`${path(id)}/exports`, { method: "POST" }),
  cancelExport: (id: string, exportId: string) =>
    request<{ export: FilmExport }>(`${path(id)}/exports/${encodeURIComponent(exportId)}`, { method: "DELETE" }),
  exportEventsUrl: (id: string, exportId: string) => `${path(id)}/exports/${encodeURIComponent(exportId)}/events`,
  clearWait: (id: string, shotId: string) =>
    request<{ cleared: true }>(`${path(id)}/waits/${encodeURIComponent(shotId)}`, { method: "DELETE" }),
};

export function useBoardList() {
  return useQuery({ queryKey: boardKeys.list(), queryFn: boardsApi.list });
}

export function useCreateBoard() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: boardsApi.create,
    onSuccess: (view) => {
      client.setQueryData(boardKeys.detail(view.board.id), view);
      void client.invalidateQueries({ queryKey: boardKeys.list() });
    },
  });
}

/** While a shot waits for the one before it, the worker may start or stop it between task events: look again this often. */
const WAITING_REFETCH_MS = 3_000;

export function useBoard(id: string) {
  return useQuery({
    queryKey: boardKeys.detail(id),
    queryFn: () => boardsApi.get(id),
    refetchInterval: (query) =>
      (query.state.data?.waits ?? []).some((w) => w.error === null) ? WAITING_REFETCH_MS : false,
  });
}

export function useExports(id: string) {
  return useQuery({ queryKey: boardKeys.exports(id), queryFn: async () => (await boardsApi.exports(id)).exports });
}

/** Puts an export's new state into the board's export list (newest first). */
export function putExport(client: QueryClient, view: FilmExport) {
  client.setQueryData<FilmExport[]>(boardKeys.exports(view.boardId), (list = []) =>
    [view, ...list.filter((e) => e.id !== view.id)].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
  );
}

/** Follows a running export's progress stream until it ends, filing each state into the list. */
export function useExportProgress(boardId: string, exportId: string | undefined) {
  const client = useQueryClient();
  useEffect(() => {
    if (!exportId) return;
    const source = new EventSource(boardsApi.exportEventsUrl(boardId, exportId));
    source.addEventListener("export", (event) => {
      const view = JSON.parse((event as MessageEvent<string>).data) as FilmExport;
      putExport(client, view);
      if (view.state !== "queued" && view.state !== "running") source.close();
    });
    return () => source.close();
  }, [boardId, client, exportId]);
}
