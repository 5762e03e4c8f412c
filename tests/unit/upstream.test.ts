import { describe, expect, it } from "vitest";
import {
  expiryOf,
  mapUpstreamError,
  parseRetryAfter,
  readPhase,
  readUpstreamError,
  transportFailure,
  UpstreamFailure,
} from "@/lib/server/upstream/records";

const SE_SECONDS = 1_767_225_600; // 2026-01-01T00:00:00Z
const SE_ISO = "2026-01-01T00:00:00.000Z";
const signed = (se: string) =>
  `https://filesystem.site/cdn/abc/src.mp4?st=1766620800&se=${encodeURIComponent(se)}&sig=xyz`;

describe("readPhase", () => {
  it("is pending without a response", () => {
    expect(readPhase(undefined)).toEqual({ phase: "pending" });
    expect(readPhase(null)).toEqual({ phase: "pending" });
  });

  it("is processing when the response has no success and data says processing", () => {
    expect(readPhase({ task_id: "t1", data: [{ id: "v1", state: "processing" }] })).toEqual({ phase: "processing" });
    expect(readPhase({ task_id: "t1", data: [{ id: "v1", state: "pending" }] })).toEqual({ phase: "processing" });
  });

  it("is succeeded with videos when success is true and a video_url is set, reading expiresAt from se", () => {
    const url = signed(String(SE_SECONDS));
    const phase = readPhase({
      success: true,
      task_id: "t1",
      data: [{ id: "sora-2:task_01", video_url: url, state: "succeeded" }],
    });
    expect(phase).toEqual({ phase: "succeeded", videos: [{ id: "sora-2:task_01", url, expiresAt: SE_ISO }] });
  });

  it("keeps only the entries with a video_url", () => {
    const url = signed(String(SE_SECONDS));
    const phase = readPhase({
      success: true,
      data: [{ id: "a", video_url: "" }, { id: "b", video_url: url }, { id: "c" }],
    });
    expect(phase.phase).toBe("succeeded");
    if (phase.phase !== "succeeded") return;
    expect(phase.videos.map((v) => v.id)).toEqual(["b"]);
  });

  it("is processing when success is true but no video_url is set", () => {
    expect(readPhase({ success: true, data: [{ id: "v1", state: "processing" }] })).toEqual({ phase: "processing" });
    expect(readPhase({ success: true })).toEqual({ phase: "processing" });
  });

  it("is failed with the upstream {code, message} when success is false", () => {
    expect(readPhase({ success: false, error: { code: "forbidden", message: "the content was rejected" } })).toEqual({
      phase: "failed",
      error: { code: "forbidden", message: "the content was rejected" },
    });
  });

  // The provider SDK's rule (shared/acedata-video-providers.md): a bare-string error is a passing
  // note mid-run, not an end; the studio keeps polling and its deadline still applies.
  it("is still processing, with the bare string as its note, when error is a bare string", () => {
    const phase = readPhase({ success: false, error: "the video could not be generated" });
    expect(phase).toEqual({ phase: "processing", note: "the video could not be generated" });
  });

  it("is failed with the bare string as message when a failure word comes with it", () => {
    const phase = readPhase({
      success: false,
      data: [{ id: "v1", state: "failed" }],
      error: "the video could not be generated",
    });
    expect(phase.phase).toBe("failed");
    if (phase.phase !== "failed") return;
    expect(phase.error.message).toBe("the video could not be generated");
    expect(phase.error.code).not.toBe("");
  });

  it("is failed when a data entry's state is failed (without a boolean success)", () => {
    const phase = readPhase({
      task_id: "t1",
      data: [{ id: "v1", state: "failed" }],
      error: { code: "timeout", message: "took too long" },
    });
    expect(phase).toEqual({ phase: "failed", error: { code: "timeout", message: "took too long" } });
  });

  it("is failed with a fallback reason when data says failed and no error is given", () => {
    const phase = readPhase({ data: [{ id: "v1", state: "failed" }] });
    expect(phase.phase).toBe("failed");
    if (phase.phase !== "failed") return;
    expect(phase.error.message.length).toBeGreaterThan(0);
  });
});

describe("readUpstreamError", () => {
  it("fills a missing message with the code and a missing code with the fallback", () => {
    expect(readUpstreamError({ code: "used_up" })).toEqual({ code: "used_up", message: "used_up" });
    expect(readUpstreamError({ message: "boom" }, "bad_request")).toEqual({ code: "bad_request", message: "boom" });
    expect(readUpstreamError("  spaced  ", "x")).toEqual({ code: "x", message: "spaced" });
    expect(readUpstreamError(undefined).code).toBe("api_error");
  });
});

describe("expiryOf", () => {
  it("reads se as unix seconds", () => {
    expect(expiryOf(signed(String(SE_SECONDS)))).toBe(SE_ISO);
  });

  it("reads se as unix milliseconds", () => {
    expect(expiryOf(signed(String(SE_SECONDS * 1000)))).toBe(SE_ISO);
  });

  it("reads se as an ISO date", () => {
    expect(expiryOf(signed("2026-01-01T00:00:00Z"))).toBe(SE_ISO);
  });

  it("is null without se", () => {
    expect(expiryOf("https://filesystem.site/cdn/abc/src.mp4?st=1&sig=xyz")).toBeNull();
  });

  it("is null for an unparsable se", () => {
    expect(expiryOf(signed("soon"))).toBeNull();
  });

  it("is null for a URL that cannot be parsed", () => {
    expect(expiryOf("not a url")).toBeNull();
    expect(expiryOf("")).toBeNull();
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds", () => {
    expect(parseRetryAfter("7")).toBe(7);
    expect(parseRetryAfter(" 120 ")).toBe(120);
    expect(parseRetryAfter("1.5")).toBe(1.5);
  });

  it("reads an HTTP date relative to now", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30);
  });

  it("never returns a negative wait for a past date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:59:00 GMT", now)).toBe(0);
  });

  it("is undefined for null, empty or garbage", () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("")).toBeUndefined();
    expect(parseRetryAfter("soon-ish")).toBeUndefined();
  });
});

const errorBody = (code: string, message: string) => ({
  success: false,
  error: { code, message },
  trace_id: "trace-1",
});

describe("mapUpstreamError", () => {
  const REAL_PERSON = "the clip contains a real person";
  const NO_SQUARE = "orientation square is not supported";
  // AceData's status, error code and message → the studio's status and code, whether it retries, and
  // what its message must mention (the upstream message it quotes, or the setting to check).
  const mappings: [number, string, string, number, string, boolean, string?][] = [
    [401, "invalid_token", "the token is invalid", 401, "upstream_auth_failed", false, "ACEDATACLOUD_API_TOKEN"],
    [400, "token_mismatched", "token mismatched", 401, "upstream_auth_failed", false],
    [403, "used_up", "your balance is used up", 403, "insufficient_balance", false],
    [403, "forbidden", REAL_PERSON, 403, "content_rejected", false, REAL_PERSON],
    [500, "api_error", "internal error of the API", 502, "upstream_error", true],
    [503, "api_error", "maintenance", 503, "upstream_unavailable", true],
    [504, "timeout", "the generation timed out", 504, "upstream_timeout", true],
    [404, "no_api", "no such api", 502, "upstream_error", false, "ACEDATACLOUD_API_BASE_URL"],
    [400, "bad_request", NO_SQUARE, 400, "upstream_rejected", false, NO_SQUARE],
  ];
  it.each(mappings)(
    "%i %s (%s) → %i %s, retryable: %s",
    (from, upstreamCode, message, status, code, retryable, says) => {
      const e = mapUpstreamError(from, errorBody(upstreamCode, message));
      expect(e).toBeInstanceOf(UpstreamFailure);
      expect(e.status).toBe(status);
      expect(e.code).toBe(code);
      expect(e.upstream).toEqual({ status: from, code: upstreamCode, retryable });
      if (says) expect(e.message).toContain(says);
    },
  );

  it("429 with Retry-After 7 → 429 rate_limited, retryable, retryAfterS 7", () => {
    const e = mapUpstreamError(429, errorBody("too_many_requests", "slow down"), "7");
    expect(e.status).toBe(429);
    expect(e.code).toBe("rate_limited");
    expect(e.upstream.retryable).toBe(true);
    expect(e.extra.retryAfterS).toBe(7);
  });

  it("429 without Retry-After still carries a default retryAfterS", () => {
    const e = mapUpstreamError(429, errorBody("rate_limited", "rate limited"));
    expect(e.status).toBe(429);
    expect(e.upstream.retryable).toBe(true);
    expect(typeof e.extra.retryAfterS).toBe("number");
    expect(e.extra.retryAfterS).toBeGreaterThan(0);
  });

  it("a bare-string error body with status 500 mentions that string", () => {
    const e = mapUpstreamError(500, { success: false, error: "something broke" });
    expect(e.upstream.retryable).toBe(true);
    expect(e.status).toBeGreaterThanOrEqual(500);
    expect(e.message).toContain("something broke");
  });

  it("a raw non-JSON text body is read as the message", () => {
    const e = mapUpstreamError(400, "Invalid JSON payload");
    expect(e.status).toBe(400);
    expect(e.code).toBe("upstream_rejected");
    expect(e.message).toContain("Invalid JSON payload");

    const gateway = mapUpstreamError(502, "<html><body>502 Bad Gateway</body></html>");
    expect(gateway.status).toBe(503);
    expect(gateway.upstream.retryable).toBe(true);
  });

  it("an empty body still maps by status", () => {
    const e = mapUpstreamError(500, undefined);
    expect(e.status).toBe(502);
    expect(e.upstream).toMatchObject({ code: "api_error", retryable: true });
  });
});

describe("transportFailure", () => {
  it("timeout → 504, retryable for reads, but a create may have happened", () => {
    const e = transportFailure("timeout", "30000 ms");
    expect(e).toBeInstanceOf(UpstreamFailure);
    expect(e.status).toBe(504);
    expect(e.upstream).toEqual({ status: null, code: "timeout", retryable: true, mayHaveCreated: true });
    expect(e.message).toContain("30000 ms");
  });

  it("refused connection → 503, retryable, nothing can have been created", () => {
    const e = transportFailure("refused", "ECONNREFUSED");
    expect(e.status).toBe(503);
    expect(e.upstream).toEqual({ status: null, code: "network", retryable: true });
    expect(e.message).toContain("ECONNREFUSED");
  });

  it("connection cut after sending → 503 upstream_connection_lost, a create may have happened", () => {
    const e = transportFailure("cut", "UND_ERR_SOCKET");
    expect(e.status).toBe(503);
    expect(e.code).toBe("upstream_connection_lost");
    expect(e.upstream).toMatchObject({ retryable: true, mayHaveCreated: true });
  });
});

describe("failures that arrive with a 2xx status or name a field", () => {
  it("reads a 200 with success:false by its code: api_error is a retryable upstream error", () => {
    const e = mapUpstreamError(200, { success: false, error: { code: "api_error", message: "boom" } });
    expect(e.status).toBe(502);
    expect(e.upstream.retryable).toBe(true);
  });

  it("reads a 200 with success:false and code used_up as a balance problem", () => {
    expect(mapUpstreamError(200, { success: false, error: { code: "used_up", message: "x" } }).code).toBe(
      "insufficient_balance",
    );
  });

  it("treats 408 and 409 as retryable", () => {
    expect(mapUpstreamError(408, { error: { code: "x", message: "y" } }).upstream.retryable).toBe(true);
    expect(mapUpstreamError(409, { error: { code: "x", message: "y" } }).upstream.retryable).toBe(true);
  });

  it("puts an upstream validation message on the field it names", () => {
    const e = mapUpstreamError(400, {
      success: false,
      error: { code: "bad_request", message: "orientation square is not supported" },
    });
    expect(e.extra.issues).toEqual([{ path: "orientation", message: "AceData: orientation square is not supported" }]);
    expect(
      mapUpstreamError(400, { success: false, error: { code: "bad_request", message: "something else" } }).extra.issues,
    ).toBeUndefined();
  });
});

describe("callback secrets never travel in upstream messages or logs", () => {
  const secret = "0f".repeat(32);
  const echo = `callback_url https://studio.example/api/callbacks/${secret} is unreachable`;

  it("strips the secret from an upstream error message (object or bare string)", () => {
    expect(readUpstreamError({ code: "bad_request", message: echo }).message).toBe(
      "callback_url https://studio.example/api/callbacks/… is unreachable",
    );
    expect(readUpstreamError(echo).message).not.toContain(secret);
    expect(mapUpstreamError(400, { error: { code: "bad_request", message: echo } }).message).not.toContain(secret);
  });

  it("redacts it from log lines", async () => {
    const { redact } = await import("@/lib/server/platform/log");
    expect(redact(`{"url":"http://x/api/callbacks/${secret}"}`)).toBe('{"url":"http://x/api/callbacks/[redacted]"}');
  });
});
