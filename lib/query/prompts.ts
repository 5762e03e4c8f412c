"use client";
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CreatePrompt,
  EditPrompt,
  LibraryPrompt,
  LibraryPromptDetail,
  NewVersion,
  PromptHistoryPage,
  PromptVersion,
} from "@/lib/schemas/prompt";
import { request, type ApiError } from "./api";

// The prompt history and library: typed calls to /api/prompts/… and their react-query hooks.
// The library is small and changes only from this page, so a change simply re-reads it.

const HISTORY_PAGE_SIZE = 20;

const qs = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  const text = search.toString();
  return text ? `?${text}` : "";
};

export const promptApi = {
  history: (q: string, cursor?: string) =>
    request<PromptHistoryPage>(`/api/prompts/history${qs({ q, cursor, limit: String(HISTORY_PAGE_SIZE) })}`),
  list: (q: string, tag: string) => request<{ items: LibraryPrompt[] }>(`/api/prompts${qs({ q, tag })}`),
  get: (id: string) => request<{ prompt: LibraryPromptDetail }>(`/api/prompts/${encodeURIComponent(id)}`),
  create: (body: CreatePrompt) =>
    request<{ prompt: LibraryPromptDetail }>("/api/prompts", { method: "POST", body: JSON.stringify(body) }),
  edit: (id: string, body: EditPrompt) =>
    request<{ prompt: LibraryPromptDetail }>(`/api/prompts/${encodeURIComponent(id)}`, {
      method: "PATCH",
      body: JSON.stringify(body),
    }),
  addVersion: (id: string, body: NewVersion) =>
    request<{ version: PromptVersion }>(`/api/prompts/${encodeURIComponent(id)}/versions`, {
      method: "POST",
      body: JSON.stringify(body),
    }),
  remove: (id: string) => request<{ id: string }>(`/api/prompts/${encodeURIComponent(id)}`, { method: "DELETE" }),
  /** The file's text as it is: the server judges it (and names what is wrong). */
  importFile: (text: string) =>
    request<{ imported: { id: string; name: string; renamedFrom?: string }[] }>("/api/prompts/import", {
      method: "POST",
      body: text,
    }),
};

export const promptKeys = {
  all: ["prompts"] as const,
  history: (q: string) => [...promptKeys.all, "history", q] as const,
  library: () => [...promptKeys.all, "library"] as const,
  list: (q: string, tag: string) => [...promptKeys.library(), "list", q, tag] as const,
  detail: (id: string) => [...promptKeys.library(), "detail", id] as const,
};

export function usePromptHistory(q: string) {
  return useInfiniteQuery({
    queryKey: promptKeys.history(q),
    queryFn: ({ pageParam }) => promptApi.history(q, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    // Tasks finish elsewhere (the studio page): coming back to the history reads it again.
    staleTime: 0,
  });
}

export function useLibrary(q: string, tag: string) {
  return useQuery({
    queryKey: promptKeys.list(q, tag),
    queryFn: () => promptApi.list(q, tag),
    placeholderData: keepPreviousData,
  });
}

export function usePrompt(id: string | null) {
  return useQuery({
    queryKey: promptKeys.detail(id ?? ""),
    queryFn: () => promptApi.get(id ?? ""),
    enabled: id !== null,
  });
}

/** Any change to the library: the lists and the changed prompt are read again. */
function useLibraryMutation<T, V>(fn: (vars: V) => Promise<T>) {
  const client = useQueryClient();
  return useMutation<T, ApiError, V>({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: promptKeys.library() }),
  });
}

export const useCreatePrompt = () => useLibraryMutation((body: CreatePrompt) => promptApi.create(body));
export const useEditPrompt = () =>
  useLibraryMutation(({ id, body }: { id: string; body: EditPrompt }) => promptApi.edit(id, body));
export const useAddVersion = () =>
  useLibraryMutation(({ id, body }: { id: string; body: NewVersion }) => promptApi.addVersion(id, body));
export const useDeletePrompt = () => useLibraryMutation((id: string) => promptApi.remove(id));
export const useImportLibrary = () => useLibraryMutation((text: string) => promptApi.importFile(text));
