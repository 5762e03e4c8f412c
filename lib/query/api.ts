import type { ImportSummary } from "@/lib/schemas/bundle-links";
import type { FieldIssue, GenerationRequest } from "@/lib/schemas/generation";
import type { UploadPurpose } from "@/lib/schemas/rules";
import type { Task, TaskPage } from "@/lib/schemas/task";
import type { TaskEditInput } from "@/lib/schemas/task-edit";
import { GALLERY_PAGE_SIZE, filterToSearchParams, type ViewFilter } from "@/lib/schemas/task-filter";
import type { VariationSpec } from "@/lib/schemas/variations";
import type { Upload } from "@/lib/schemas/upload";

// The browser's typed calls to our own routes. Errors arrive as `ApiError` carrying the
// server's code, sentence and field issues, so forms can put each message on its field.
// The studio page's calls are here; sign-in (auth-api.ts), the quota (quota-api.ts) and the
// admin page (admin-api.ts) have their own modules on the same `request`, so the studio page
// does not carry the calls it never makes.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly task?: Task,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    const contentType =
      init?.body instanceof Blob
        ? init.body.type || "application/octet-stream"
        : init?.body
          ? "application/json"
          : undefined;
    res = await fetch(path, {
      ...init,
      headers: { accept: "application/json", ...(contentType ? { "content-type": contentType } : {}) },
    });
  } catch {
    throw new ApiError(
      0,
      "network_error",
      "The studio server could not be reached. Check that it is running, then try again.",
    );
  }
  const body = (await res.json().catch(() => null)) as
    | (T & { error?: { code: string; message: string; issues?: FieldIssue[] }; task?: Task })
    | null;
  if (!res.ok) {
    const error = body?.error;
    // The session ended (expired, signed out elsewhere, account disabled): back to the sign-in page, then here.
    if (res.status === 401 && error?.code === "unauthenticated" && typeof window !== "undefined") {
      window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    }
    throw new ApiError(
      res.status,
      error?.code ?? "http_error",
      error?.message ?? `The studio answered ${res.status}.`,
      error?.issues ?? [],
      body?.task,
    );
  }
  return body as T;
}

/** The list route's address for a view and page; the studio page preloads the first one with this exact URL. */
export function listTasksUrl(filter: ViewFilter, cursor?: string): string {
  return `/api/tasks?${filterToSearchParams({ ...filter, duration: filter.duration?.toString(), limit: String(GALLERY_PAGE_SIZE), cursor })}`;
}

export type RunInput = { request: GenerationRequest; variations: VariationSpec };

export const api = {
  /** The raw bytes as the body (no multipart), so the server streams and checks them. */
  upload: (file: Blob, purpose: UploadPurpose) =>
    request<{ upload: Upload }>(`/api/uploads?purpose=${purpose}`, { method: "POST", body: file }),
  createVideo: (input: GenerationRequest) =>
    request<{ task: Task }>("/api/videos", { method: "POST", body: JSON.stringify(input) }),
  /** Variations of one request, stored as one run (the worker paces their submission). */
  createRun: (input: RunInput) =>
    request<{ runId: string; tasks: Task[] }>("/api/runs", { method: "POST", body: JSON.stringify(input) }),
  listTasks: (filter: ViewFilter, cursor?: string) => request<TaskPage>(listTasksUrl(filter, cursor)),
  getTask: (id: string) => request<{ task: Task }>(`/api/tasks/${encodeURIComponent(id)}`),
  /** Star, tags, notes, rating (PATCH /api/tasks/:id); answers the whole task as it now is. */
  editTask: (id: string, edit: TaskEditInput) =>
    request<{ task: Task }>(`/api/tasks/${encodeURIComponent(id)}`, { method: "PATCH", body: JSON.stringify(edit) }),
  deleteTask: (id: string) =>
    request<{ id: string; deleted: true }>(`/api/tasks/${encodeURIComponent(id)}`, { method: "DELETE" }),
  /** A task bundle (JSON or zip) as the raw body; its type says which. */
  importBundle: (file: Blob) => request<ImportSummary>("/api/import", { method: "POST", body: file }),
  importTask: (upstreamTaskId: string) =>
    request<{ task: Task; created: boolean }>("/api/tasks/import", {
      method: "POST",
      body: JSON.stringify({ task_id: upstreamTaskId }),
    }),
};
