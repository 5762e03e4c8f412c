import "server-only";

// Column types shared by SQLite and Postgres: text, integers and ISO-8601 timestamps as text,
// so that every query reads the same on both and sorts by time lexically.

export type TaskRow = {
  id: string;
  upstream_task_id: string | null;
  trace_id: string | null;
  request: string; // JSON of GenerationRequest
  prompt: string; // copied out of request for search
  model: string;
  state: string;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  next_attempt_at: string | null;
  claimed_until: string | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  finished_at: string | null;
};

export type VideoRow = {
  id: string;
  task_id: string;
  upstream_id: string;
  position: number;
  source_url: string;
  expires_at: string | null;
  created_at: string;
};

export type Database = {
  tasks: TaskRow;
  videos: VideoRow;
};
