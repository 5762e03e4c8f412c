import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/server/platform/errors";
import { readJson, route } from "@/lib/server/http/route";

// The one wrapper every route handler goes through: what a caller sees when things go wrong.

const call = (handler: () => Promise<Response>) => route("test", handler)(new Request("http://x/"), {});

describe("route wrapper", () => {
  it("answers an AppError with its status, code, message, request id and Retry-After", async () => {
    const res = await call(async () => {
      throw new AppError("rate_limited", "Slow down.", { retryAfterS: 7.2 });
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("8");
    const body = await res.json();
    expect(body.error).toMatchObject({
      code: "rate_limited",
      message: "Slow down.",
      requestId: res.headers.get("x-request-id"),
    });
  });

  it("answers a zod error with 400 and one issue per field", async () => {
    const res = await call(async () => {
      z.strictObject({ prompt: z.string().min(1, "Write a prompt") }).parse({ prompt: "", extra: 1 });
      return new Response();
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.issues).toEqual(
      expect.arrayContaining([
        { path: "prompt", message: "Write a prompt" },
        { path: "extra", message: "Unknown field: extra" },
      ]),
    );
  });

  it("answers an unknown error with 500 and a request id, never its message or stack", async () => {
    const res = await call(async () => {
      throw new Error("db password hunter2 at /srv/secret.ts:12");
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body.error.code).toBe("internal_error");
    expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
    expect(body.error.message).toContain(body.error.requestId);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("secret.ts");
  });

  it("passes a successful response through with a request id", async () => {
    const res = await call(async () => new Response("ok", { status: 202 }));
    expect(res.status).toBe(202);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("readJson", () => {
  const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
    new Request("http://x/", {
      method: "POST",
      body,
      headers,
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);

  it("parses a JSON body", async () => {
    expect(await readJson(post('{"a":1}'), 100)).toEqual({ a: 1 });
  });

  it("refuses a body declared larger than the cap with 413 before reading it", async () => {
    await expect(readJson(post("{}", { "content-length": "1000" }), 100)).rejects.toMatchObject({
      status: 413,
      code: "body_too_large",
    });
  });

  it("refuses a streamed body that grows past the cap with 413", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent++;
        if (sent > 100) controller.close();
        else controller.enqueue(chunk);
      },
    });
    await expect(readJson(post(stream), 1000)).rejects.toMatchObject({ status: 413 });
    expect(sent).toBeLessThan(100); // it stopped reading early
  });

  it("refuses an empty body and malformed JSON with 400", async () => {
    await expect(readJson(post(""), 100)).rejects.toMatchObject({ status: 400, code: "invalid_json" });
    await expect(readJson(post("{nope"), 100)).rejects.toMatchObject({ status: 400, code: "invalid_json" });
  });
});
