import "server-only";
import type { Generated } from "kysely";

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
  /** sha256 (hex) of the per-task callback secret; the secret itself is never stored. */
  callback_secret_hash: string | null;
  /** "studio" (submitted here) or "import" (adopted by its upstream task id). */
  origin: string;
  last_polled_at: string | null;
  /** Polls in a row whose retrieve_batch answer left this task out. */
  missing_polls: number;
  // Copied out of request so the gallery can filter on them through an index (null only on
  // rows whose request lacked them before 0005; new rows always have them).
  size: string | null;
  duration: number | null;
  orientation: string | null;
  /** 0 or 1. */
  favourite: number;
  notes: string;
  /** 1–5, or null when not rated. */
  rating: number | null;
  /** The variation batch this task was submitted in. */
  run_id: string | null;
  /** The prompt as the full-text index reads it (see db/search.ts). */
  search_text: string;
  /** sha256 (hex) of `prompt`: the prompt history groups tasks by it (see db/prompt-hash.ts). */
  prompt_hash: string;
  /** The account that made it (team mode); null for tasks made with sign-in off. */
  owner_id: string | null;
};

export type TaskTagRow = { task_id: string; tag: string };

export type VideoRow = {
  id: string;
  task_id: string;
  upstream_id: string;
  position: number;
  source_url: string;
  expires_at: string | null;
  created_at: string;
  /** Storage key of the archived copy; set together with archived_at once the copy is complete. */
  archive_key: string | null;
  archive_size: number | string | null;
  archive_sha256: string | null;
  archive_content_type: string | null;
  archived_at: string | null;
  archive_next_at: string | null;
  archive_error: string | null;
  archive_attempts: number;
  /** Storage key of the first-frame still (JPEG), once made; never set without an archived copy. */
  poster_key: string | null;
  poster_sha256: string | null;
  poster_at: string | null;
  /** Failed tries at making the poster; the worker stops retrying after a few. */
  poster_attempts: number;
};

export type TaskEventRow = {
  seq: Generated<number | string>;
  task_id: string;
  /** "changed" or "deleted". */
  kind: string;
  created_at: string;
};

export type Database = {
  tasks: TaskRow;
  videos: VideoRow;
  task_events: TaskEventRow;
  leases: LeaseRow;
  uploads: UploadRow;
  task_tags: TaskTagRow;
  prompts: PromptRow;
  prompt_versions: PromptVersionRow;
  users: UserRow;
  sessions: SessionRow;
  invites: InviteRow;
  login_failures: LoginFailureRow;
  audit_log: AuditRow;
  settings: SettingRow;
  usage_charges: UsageChargeRow;
  boards: BoardRow;
  board_takes: BoardTakeRow;
  board_waits: BoardWaitRow;
  board_exports: BoardExportRow;
};

/** A storyboard: its document (JSON of BoardDoc) and the version each save increments. */
export type BoardRow = {
  id: string;
  owner_id: string | null;
  title: string;
  doc: string;
  version: number;
  created_at: string;
  updated_at: string;
};
/** A task made for a shot of a board. */
export type BoardTakeRow = { task_id: string; board_id: string; shot_id: string; created_at: string };
/** A shot waiting for the shot before it to finish, to continue from its last frame. */
export type BoardWaitRow = {
  board_id: string;
  shot_id: string;
  after_shot_id: string;
  owner_id: string | null;
  requested_at: string;
  error: string | null;
};
/** A film being (or once) rendered from a board. */
export type BoardExportRow = {
  id: string;
  board_id: string;
  owner_id: string | null;
  state: string;
  plan: string;
  progress: number;
  error: string | null;
  task_id: string | null;
  attempts: number;
  lease_until: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
};

export type SettingRow = { key: string; value: string; updated_at: string };

/** Generated seconds charged to an account, one row per task, kept after the task is deleted. */
export type UsageChargeRow = {
  task_id: string;
  user_id: string;
  seconds: number;
  model: string;
  created_at: string;
  refunded_at: string | null;
};

export type UserRow = {
  id: string;
  /** Lowercased. */
  email: string;
  name: string;
  /** scrypt, in the self-describing form of auth/passwords.ts. */
  password_hash: string;
  /** "admin" | "member" | "viewer". */
  role: string;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
  /** JSON of the quota fields this account overrides (lib/schemas/quota.ts); "{}" follows the team default. */
  quota: string;
};

export type SessionRow = {
  /** sha256 (hex) of the random session id sealed in the cookie. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
};

export type InviteRow = {
  id: string;
  /** sha256 (hex) of the one-time token in the link; the token itself is never stored. */
  token_hash: string;
  email: string;
  role: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
};

export type LoginFailureRow = {
  key: string;
  failures: number;
  window_start: string;
  locked_until: string | null;
};

export type AuditRow = {
  seq: Generated<number | string>;
  at: string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  target: string | null;
  /** JSON object. */
  detail: string;
  ip: string | null;
};

/** A named prompt of the library; its text lives in its versions. */
export type PromptRow = {
  id: string;
  /** Unique in the library. */
  name: string;
  /** JSON array of normalised tags (sorted). */
  tags: string;
  created_at: string;
  updated_at: string;
};

/** One version of a library prompt: written once, never changed (a new text is a new version). */
export type PromptVersionRow = {
  id: string;
  prompt_id: string;
  /** 1, 2, 3… within its prompt (unique with prompt_id). */
  number: number;
  text: string;
  /** JSON of PromptSettings, or null. */
  settings: string | null;
  note: string;
  created_at: string;
};

export type UploadRow = {
  /** 32 lowercase hex characters (random); the public path is /api/uploads/<id>. */
  id: string;
  /** "image" (a reference image) or "video" (a character clip). */
  kind: string;
  content_type: string;
  bytes: number | string;
  sha256: string;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  storage_key: string;
  created_at: string;
};

export type LeaseRow = { name: string; holder: string; expires_at: string };
