import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/query/api";
import { READ_RETRIES, retryRead } from "@/lib/query/retry";

const refusal = (status: number) => new ApiError(status, "x", "refused");

describe("retryRead: which failed reads are asked again", () => {
  it("gives up at once on a refusal made on purpose (missing, bad id, no right)", () => {
    for (const status of [400, 401, 403, 404, 409, 410, 422])
      expect(retryRead(0, refusal(status)), String(status)).toBe(false);
  });

  it("asks again after a dropped connection, a server error, a timeout or a busy server", () => {
    for (const status of [0, 500, 502, 503, 504, 408, 429])
      expect(retryRead(0, refusal(status)), String(status)).toBe(true);
    expect(retryRead(0, new TypeError("Failed to fetch"))).toBe(true);
  });

  it(`stops after ${READ_RETRIES} retries`, () => {
    expect(retryRead(READ_RETRIES - 1, refusal(503))).toBe(true);
    expect(retryRead(READ_RETRIES, refusal(503))).toBe(false);
  });
});
