import "server-only";
import { REQUEST_FIELDS, STATUS_BY_CODE } from "@/lib/shared/acedata-codes";
import type { ErrorCode } from "@/lib/schemas/error-codes";
import { AppError } from "../platform/errors";

// Pure readers of the upstream's shapes (see shared/acedata-sora-contract.md): the phase of a
// task record, the expiry of a signed video URL, and the mapping of upstream errors to ours.

export type UpstreamVideo = { id: string; video_url: string; state?: string };
export type UpstreamError = { code: string; message: string };

/** `response` of a task record, a callback body and a synchronous create answer share this shape. */
export type UpstreamResponse = {
  success?: boolean;
  task_id?: string;
  trace_id?: string;
  data?: UpstreamVideo[];
  error?: UpstreamError | string;
};

export type UpstreamRecord = {
  id: string;
  created_at?: number | string;
  type?: string;
  trace_id?: string;
  request?: Record<string, unknown>;
  response?: UpstreamResponse;
};

export type Phase =
  | { phase: "pending" }
  | { phase: "processing" }
  | { phase: "succeeded"; videos: { id: string; url: string; expiresAt: string | null }[] }
  | { phase: "failed"; error: UpstreamError };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Upstream messages are shown to users; one that echoes our callback URL must not carry its secret. */
function withoutCallbackSecrets(message: string): string {
  return message.replace(/(\/api\/callbacks\/)[0-9a-f]{64}/gi, "$1…");
}

/** Normalises `error` that may be `{code, message}`, a bare string, or missing. */
export function readUpstreamError(error: unknown, fallbackCode = "api_error"): UpstreamError {
  if (typeof error === "string" && error.trim() !== "")
    return { code: fallbackCode, message: withoutCallbackSecrets(error.trim()) };
  if (isObject(error)) {
    const code = typeof error.code === "string" && error.code ? error.code : fallbackCode;
    const message = typeof error.message === "string" && error.message ? withoutCallbackSecrets(error.message) : code;
    return { code, message };
  }
  return { code: fallbackCode, message: "The provider reported a failure without a reason." };
}

/** The phase of a task from its `response` (absent while pending). */
export function readPhase(response: unknown): Phase {
  if (!isObject(response)) return { phase: "pending" };
  if (response.success === false) return { phase: "failed", error: readUpstreamError(response.error) };
  const data = Array.isArray(response.data) ? response.data.filter(isObject) : [];
  if (response.success === true) {
    const videos = data
      .filter((v) => typeof v.video_url === "string" && v.video_url !== "")
      .map((v) => ({ id: String(v.id ?? ""), url: v.video_url as string, expiresAt: expiryOf(v.video_url as string) }));
    // `success: true` without any video URL is not finished yet from our side.
    return videos.length > 0 ? { phase: "succeeded", videos } : { phase: "processing" };
  }
  if (data.some((v) => v.state === "failed")) {
    return { phase: "failed", error: readUpstreamError(response.error) };
  }
  return { phase: "processing" };
}

/** The `se` (signature end) of a signed URL as an ISO time; unix seconds, milliseconds or a date string. */
export function expiryOf(url: string): string | null {
  let se: string | null;
  try {
    se = new URL(url).searchParams.get("se");
  } catch {
    return null;
  }
  if (!se) return null;
  if (/^\d+(\.\d+)?$/.test(se)) {
    const n = Number(se);
    const ms = n > 1e12 ? n : n * 1000;
    return new Date(ms).toISOString();
  }
  const parsed = Date.parse(se);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

export class UpstreamFailure extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    /**
     * `retryable`: asking again is safe and may work. `mayHaveCreated`: the call may have reached
     * the upstream (a timeout, a connection cut after sending), so a create must not be resent.
     */
    readonly upstream: { status: number | null; code: string; retryable: boolean; mayHaveCreated?: boolean },
    retryAfterS?: number,
  ) {
    super(code, message, retryAfterS === undefined ? {} : { retryAfterS });
    this.name = "UpstreamFailure";
  }
}

const AUTH_CODES = new Set(["invalid_token", "token_expired", "no_token", "token_mismatched"]);

/** A failure's sentence without its promise to retry, for when no retry will come. */
export function withoutRetryPromise(message: string): string {
  return message.replace(/; (the studio|it) will retry( shortly)?\.$/, "");
}

/** Parses a `Retry-After` header (seconds or an HTTP date) into seconds. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000);
}

/**
 * Maps an upstream error answer to what we tell our own callers: a fitting status, a stable
 * code and one plain sentence with the cause and the fix. Upstream messages are quoted only
 * where they help (moderation, validation).
 */
export function mapUpstreamError(httpStatus: number, body: unknown, retryAfter: string | null = null): UpstreamFailure {
  const raw = isObject(body) ? body.error : body;
  const err = readUpstreamError(
    raw,
    httpStatus >= 500 ? "api_error" : httpStatus === 429 ? "too_many_requests" : "bad_request",
  );
  // A failure that arrives with a 2xx status is read by its code alone.
  const ok = httpStatus >= 200 && httpStatus < 300;
  const status = ok ? (STATUS_BY_CODE[err.code] ?? 502) : httpStatus;
  const upstream = (retryable: boolean) => ({ status: httpStatus, code: err.code, retryable });
  const quoted = err.message && err.message !== err.code ? ` (“${err.message}”)` : "";

  if (status === 401 || AUTH_CODES.has(err.code)) {
    return new UpstreamFailure(
      "upstream_auth_failed",
      `AceData refused the studio's API token (${err.code}); the admin should check ACEDATACLOUD_API_TOKEN.`,
      upstream(false),
    );
  }
  if (err.code === "used_up") {
    return new UpstreamFailure(
      "insufficient_balance",
      "The AceData balance is used up; top it up at acedata.cloud, then re-run this task.",
      upstream(false),
    );
  }
  if (err.code === "disabled") {
    return new UpstreamFailure(
      "upstream_disabled",
      `AceData has disabled this API for the account${quoted}.`,
      upstream(false),
    );
  }
  if (status === 403 || err.code === "forbidden") {
    return new UpstreamFailure(
      "content_rejected",
      `AceData's moderation rejected this generation${quoted}; change the prompt or references and try again.`,
      upstream(false),
    );
  }
  if (status === 429 || err.code === "too_many_requests" || err.code === "rate_limited") {
    const retryAfterS = parseRetryAfter(retryAfter);
    return new UpstreamFailure(
      "rate_limited",
      "AceData is rate limiting the studio; it will retry shortly.",
      upstream(true),
      retryAfterS ?? 5,
    );
  }
  if (status === 504 || status === 408 || err.code === "timeout") {
    return new UpstreamFailure("upstream_timeout", "AceData timed out; the studio will retry.", upstream(true));
  }
  if (status === 502 || status === 503 || status === 409) {
    return new UpstreamFailure(
      "upstream_unavailable",
      "AceData is temporarily unavailable; the studio will retry.",
      upstream(true),
    );
  }
  if (status >= 500) {
    return new UpstreamFailure(
      "upstream_error",
      `AceData had an internal error${quoted}; the studio will retry.`,
      upstream(true),
    );
  }
  if (status === 404 || err.code === "no_api" || err.code === "api_not_implemented") {
    return new UpstreamFailure(
      "upstream_error",
      `AceData does not offer this API at the configured base URL (${err.code}); check ACEDATACLOUD_API_BASE_URL.`,
      upstream(false),
    );
  }
  const failure = new UpstreamFailure("upstream_rejected", `AceData rejected the request${quoted}.`, upstream(false));
  // Where the upstream names one of our fields, the message belongs next to that field in the form.
  const field = REQUEST_FIELDS.find((name) => new RegExp(`\\b${name}\\b`, "i").test(err.message));
  if (field) failure.extra.issues = [{ path: field, message: `AceData: ${err.message}` }];
  return failure;
}

/**
 * The error raised when the network or the clock, not the upstream, ends a call.
 * `refused`: the connection never opened, so nothing reached the upstream. `cut`: it broke
 * or timed out after the request may have been sent.
 */
export function transportFailure(kind: "timeout" | "refused" | "cut", detail: string): UpstreamFailure {
  if (kind === "refused") {
    return new UpstreamFailure(
      "upstream_unreachable",
      `The studio could not reach AceData (${detail}); it will retry.`,
      { status: null, code: "network", retryable: true },
    );
  }
  const what =
    kind === "timeout" ? `AceData did not answer in time (${detail})` : `The connection to AceData broke (${detail})`;
  return new UpstreamFailure(
    kind === "timeout" ? "upstream_timeout" : "upstream_connection_lost",
    `${what}; the studio will retry.`,
    {
      status: null,
      code: kind === "timeout" ? "timeout" : "network",
      retryable: true,
      mayHaveCreated: true,
    },
  );
}
