import type { Task } from "@/lib/schemas/task";

/** A task as the API returns it, queued and plain, with `over` on top: unit tests shape the rest. */
export function makeTask(over: Partial<Task> = {}): Task {
  return {
    id: "t",
    state: "queued",
    request: { prompt: "p", model: "sora-2", size: "small", duration: 10, orientation: "landscape" },
    error: null,
    upstreamTaskId: null,
    traceId: null,
    attempts: 0,
    nextAttemptAt: null,
    videos: [],
    origin: "studio",
    favourite: false,
    tags: [],
    notes: "",
    rating: null,
    runId: null,
    ownerId: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    submittedAt: null,
    finishedAt: null,
    ...over,
  };
}
