import "server-only";
import { REQUEST_FIELDS, STATUS_BY_CODE } from "@/lib/shared/acedata-codes";
import type { ErrorCode } from "@/lib/schemas/error-codes";
import { AppError } from "../platform/errors";

// Pure readers of the upstream's shapes (see shared/acedata-sora-contract.md): the phase of a
// task record, the expiry of a signed video URL, and the mapping of upstream errors to ours.

export type UpstreamVideo = { id: string; video_url: string; state?: string };
export type UpstreamError = { code: string; message: string };

/**
 * `response` of a task record, a callback body and a synchronous create answer share one shape
 * per service: Sora, Veo and Hailuo list `data[]`, Seedance nests `data[].content`, Kling, Wan and
 * Luma are flat. The reader below looks in every one of those places.
 */
export type UpstreamResponse = {
  success?: boolean;
  task_id?: string;
  trace_id?: string;
  data?: unknown[];
  error?: UpstreamError | string;
  [field: string]: unknown;
};

export type UpstreamRecord = {
  id: string;
  created_at?: number | string;
  type?: string;
  trace_id?: string;
  request?: Record<string, unknown>;
  response?: UpstreamResponse;
};

export type FinishedVideo = {
  id: string;
  url: string;
  expiresAt: string | null;
  /** The clip's last frame, where the service returns one (Seedance's `return_last_frame`). */
  lastFrameUrl?: string;
  thumbnailUrl?: string;
};

export type Phase =
  | { phase: "pending" }
  /** `note`: a passing remark (a bare-string error mid-run); `progress`: 0–100 when the service says. */
  | { phase: "processing"; note?: string; progress?: number }
  | { phase: "succeeded"; videos: FinishedVideo[] }
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

// The provider SDK's words for the end of a task (shared/acedata-video-providers.md).
const SUCCESS_WORDS = new Set(["succeed", "succeeded", "success", "completed", "complete", "finished"]);
const FAILURE_WORDS = new Set(["failed", "failure", "error", "cancelled", "canceled", "rejected"]);

/** Every `state`/`status` word anywhere in the answer, lower-cased. */
function statusWords(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 6) return out;
  if (Array.isArray(value)) for (const item of value) statusWords(item, out, depth + 1);
  else if (isObject(value))
    for (const [key, field] of Object.entries(value)) {
      if ((key === "state" || key === "status") && typeof field === "string") out.push(field.trim().toLowerCase());
      else if (typeof field === "object") statusWords(field, out, depth + 1);
    }
  return out;
}

const url = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** The finished videos of an answer, wherever its service puts them. */
export function videosOf(response: Record<string, unknown>): FinishedVideo[] {
  const entries = Array.isArray(response.data) ? response.data.filter(isObject) : [];
  const places = entries.length > 0 ? entries : [response];
  const videos: FinishedVideo[] = [];
  for (const entry of places) {
    const content = isObject(entry.content) ? entry.content : {};
    const videoUrl = url(entry.video_url) ?? url(content.video_url);
    if (!videoUrl) continue;
    const lastFrameUrl = url(content.last_frame_url) ?? url(entry.last_frame_url);
    const thumbnailUrl = url(entry.thumbnail_url);
    videos.push({
      id: String(entry.id ?? entry.video_id ?? response.video_id ?? response.task_id ?? ""),
      url: videoUrl,
      expiresAt: expiryOf(videoUrl),
      ...(lastFrameUrl ? { lastFrameUrl } : {}),
      ...(thumbnailUrl ? { thumbnailUrl } : {}),
    });
  }
  return videos;
}

/** `progress`/`percent` as 0–100: from 0–1, 0–100 or "42%". */
function progressOf(response: Record<string, unknown>): number | undefined {
  const entries = Array.isArray(response.data) ? response.data.filter(isObject) : [];
  for (const place of [response, ...entries]) {
    const raw = place.progress ?? place.percent;
    const value = typeof raw === "string" ? Number.parseFloat(raw) : typeof raw === "number" ? raw : Number.NaN;
    if (!Number.isFinite(value) || value < 0) continue;
    const percent = typeof raw === "string" && raw.includes("%") ? value : value <= 1 ? value * 100 : value;
    return Math.min(100, Math.round(percent));
  }
  return undefined;
}

/**
 * The phase of a task from its `response` (absent while pending), by the provider SDK's rule:
 * a success word with a video URL is success; a failure word, or `success: false` with an error
 * that has a code, is failure; `success: false` with a bare-string error is a passing note, not
 * an end (the deadline still applies); anything else is still running.
 */
export function readPhase(response: unknown): Phase {
  if (!isObject(response)) return { phase: "pending" };
  const words = statusWords(response);
  const structuredError = isObject(response.error) && typeof response.error.code === "string";
  if (words.some((w) => FAILURE_WORDS.has(w)) || (response.success === false && structuredError))
    return { phase: "failed", error: readUpstreamError(response.error) };
  const videos = videosOf(response);
  if (videos.length > 0 && (response.success === true || words.some((w) => SUCCESS_WORDS.has(w))))
    return { phase: "succeeded", videos };
  const note =
    response.success === false && typeof response.error === "string" && response.error.trim() !== ""
      ? withoutCallbackSecrets(response.error.trim())
      : undefined;
  const progress = progressOf(response);
  return { phase: "processing", ...(note ? { note } : {}), ...(progress !== undefined ? { progress } : {}) };
}

/** The `se` (signature end) of a signed URL as an ISO time; unix seconds, milliseconds or a date string. */
export function expiryOf(url: string): string | null {
  let se: string | null;
  try {
    const params = new URL(url).searchParams;
    se = params.get("se") ?? params.get("Expires") ?? presignedEnd(params);
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

/** An S3-style presigned URL ends at X-Amz-Date + X-Amz-Expires (seconds), given as unix seconds. */
function presignedEnd(params: URLSearchParams): string | null {
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(params.get("X-Amz-Date") ?? "");
  const expires = Number(params.get("X-Amz-Expires"));
  if (!date || !Number.isFinite(expires)) return null;
  const [, y, mo, d, h, mi, sec] = date.map(Number) as number[];
  return String(Date.UTC(y as number, (mo as number) - 1, d, h, mi, sec) / 1000 + expires);
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
