// Every error code the studio's API answers with, and the HTTP status that comes with it. The
// server takes an error's status from here (AppError) and the browser words an error by its
// code (messages/<locale>/errors.json has a sentence for each): one list for both.

export const ERROR_STATUS = {
  // The request itself
  invalid_request: 400,
  invalid_json: 400,
  invalid_bundle: 400,
  invalid_callback: 400,
  invalid_upload: 400,
  invalid_zip: 400,
  duplicate_ids: 400,
  nothing_to_generate: 400,
  too_many_tasks: 400,
  selection_too_large: 400,
  body_too_large: 413,
  too_large: 413,
  unsupported_media_type: 415,
  // Who is asking
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  cross_origin: 403,
  account_disabled: 403,
  login_locked: 429,
  // Quotas (team mode)
  quota_model: 403,
  quota_size: 403,
  quota_concurrent: 429,
  quota_day: 429,
  quota_month: 429,
  // Things that are not there (any more)
  not_found: 404,
  team_mode_off: 404,
  poster_not_ready: 404,
  upstream_task_not_found: 404,
  invite_invalid: 410,
  video_expired: 410,
  // Conflicts with the current state
  account_exists: 409,
  setup_done: 409,
  last_admin: 409,
  name_taken: 409,
  same_as_latest: 409,
  busy: 409,
  task_busy: 409,
  task_deleted: 409,
  board_changed: 409,
  export_running: 409,
  film_incomplete: 409,
  not_archived: 409,
  video_gone: 409,
  // A storyboard shot that cannot start (its plan's reason)
  no_prompt: 409,
  invalid: 409,
  previous_failed: 409,
  previous_missing: 409,
  // AceData's answers, in the studio's words
  upstream_rejected: 400,
  upstream_auth_failed: 401,
  insufficient_balance: 403,
  upstream_disabled: 403,
  content_rejected: 403,
  rate_limited: 429,
  upstream_error: 502,
  upstream_unavailable: 503,
  upstream_unreachable: 503,
  upstream_connection_lost: 503,
  upstream_timeout: 504,
  // The studio's own media and tools
  media_failed: 502,
  unsafe_url: 502,
  media_unreachable: 503,
  ffmpeg_missing: 503,
  internal_error: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_STATUS, code);
}
