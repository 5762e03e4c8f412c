// The upstream's error codes and their HTTP statuses (shared/acedata-sora-contract.md §4).

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

export const DEFAULT_MESSAGE_BY_CODE: Record<string, string> = {
  bad_request: "bad request",
  invalid_token: "the token is invalid",
  token_expired: "the token has expired",
  used_up: "your balance is used up, please recharge",
  forbidden: "the content was rejected by moderation",
  too_many_requests: "too many requests, please slow down",
  rate_limited: "rate limited",
  api_error: "internal error of the API",
  timeout: "the generation timed out",
};

export type TaskPhase = "pending" | "processing" | "succeeded" | "failed";

export function errorBody(code: string, message: string, traceId: string, bare = false) {
  return { success: false, error: bare ? message : { code, message }, trace_id: traceId };
}
