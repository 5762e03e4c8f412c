// The upstream's default error messages and error body (shared/acedata-sora-contract.md §4).
export { STATUS_BY_CODE } from "@/lib/shared/acedata-codes";

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
