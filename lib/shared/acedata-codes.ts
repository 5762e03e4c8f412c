// The upstream's error codes and the HTTP status each comes with (acedata-sora-contract.md §4).
// Shared by the emulator (to answer with them) and the client (to read a failure that arrives
// with a 2xx status by its code alone).

export const STATUS_BY_CODE: Record<string, number> = {
  bad_request: 400,
  token_mismatched: 400,
  api_not_implemented: 400,
  no_token: 400,
  disabled: 400,
  invalid_token: 401,
  token_expired: 401,
  used_up: 403,
  forbidden: 403,
  no_api: 404,
  too_many_requests: 429,
  rate_limited: 429,
  api_error: 500,
  timeout: 504,
};

/** The fields of a create body, in the order a message naming several should be read. */
export const REQUEST_FIELDS = [
  "character_start",
  "character_end",
  "character_url",
  "image_urls",
  "orientation",
  "duration",
  "size",
  "model",
  "prompt",
] as const;
