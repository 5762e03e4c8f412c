import { describe, expect, it } from "vitest";
import { requestFromRecord } from "@/lib/server/tasks/import-by-task-id";
import { hashSecret, isWellFormedSecret, secretMatches } from "@/lib/server/upstream/callback-secret";

describe("requestFromRecord", () => {
  it("keeps a request this studio could have sent, exactly", () => {
    const request = {
      prompt: "p",
      model: "sora-2-pro",
      size: "large",
      duration: 25,
      orientation: "square",
      image_urls: ["https://e.x/a.png"],
    };
    // The record's own fields (where its answer goes, how it was sent) are not the request's.
    expect(requestFromRecord({ ...request, callback_url: "https://x/cb", async: true })).toEqual(request);
  });

  it("keeps the prompt of a request made with options the studio does not offer (version 2.0)", () => {
    expect(
      requestFromRecord({ prompt: " a cat ", model: "sora-2", size: "720x1280", duration: 8, version: "2.0" }),
    ).toEqual({
      prompt: "a cat",
      model: "sora-2",
      size: "small",
      duration: 10,
      orientation: "landscape",
    });
  });

  it("never produces 25 s on sora-2, and survives a record without a request", () => {
    expect(requestFromRecord({ prompt: "x", model: "sora-2", duration: 25, size: 3 }).duration).toBe(10);
    expect(requestFromRecord(undefined).prompt).toMatch(/without a prompt/);
  });
});

describe("callback secrets", () => {
  const secret = "ab".repeat(32);
  it("accepts only 64 lowercase hex characters", () => {
    expect(isWellFormedSecret(secret)).toBe(true);
    for (const bad of ["", "ab".repeat(31), secret.toUpperCase(), `${secret}0`, `${"ab".repeat(31)}zz`])
      expect(isWellFormedSecret(bad)).toBe(false);
  });
  it("matches a secret to its stored hash, and nothing else", () => {
    expect(secretMatches(secret, hashSecret(secret))).toBe(true);
    expect(secretMatches("cd".repeat(32), hashSecret(secret))).toBe(false);
    expect(secretMatches(secret, "not-hex")).toBe(false);
  });
});
