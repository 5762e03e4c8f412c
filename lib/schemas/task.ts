import type { GenerationRequest } from "./generation";

// The public shape of a task, as `/api/tasks` returns it and the gallery renders it.

export const TASK_STATES = ["queued", "submitted", "processing", "succeeded", "failed"] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const FINISHED_STATES: readonly TaskState[] = ["succeeded", "failed"];

export type TaskVideo = {
  id: string;
  /** Always our own media route; the provider's signed URL never reaches the browser. */
  url: string;
  /** When the provider's copy expires (ISO), if known. */
  expiresAt: string | null;
  /** True once a complete copy is in the studio's own storage (served first, never expires). */
  archived: boolean;
  /** Bytes of the archived copy, when archived. */
  size: number | null;
  /** Why the last archive attempt failed, while it is being retried. */
  archiveError: string | null;
  /** A still of the first frame (`/api/media/<id>/poster`), once one has been made from the archived copy. */
  posterUrl: string | null;
};

export type Task = {
  id: string;
  state: TaskState;
  request: GenerationRequest;
  /** Why the task failed or, while still queued, why the last submission attempt did not go through. */
  error: { code: string; message: string } | null;
  upstreamTaskId: string | null;
  traceId: string | null;
  attempts: number;
  nextAttemptAt: string | null;
  videos: TaskVideo[];
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  finishedAt: string | null;
  /** "studio" when submitted here, "import" when adopted by its upstream task id, "film" when rendered from a storyboard. */
  origin: "studio" | "import" | "film";
  /** Marked with a star in the gallery. */
  favourite: boolean;
  /** Normalised (see normalizeTag), distinct, sorted. */
  tags: string[];
  notes: string;
  /** The user's rating, 1–5, or null when not rated. */
  rating: number | null;
  /** The variation batch this task was submitted in, if any. */
  runId: string | null;
  /** The account that made it (team mode); null when made with sign-in off. */
  ownerId: string | null;
};

export type TaskPage = { items: Task[]; nextCursor: string | null };
