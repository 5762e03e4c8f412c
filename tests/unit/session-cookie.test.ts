import { afterEach, describe, expect, it, vi } from "vitest";
import {
  clearedSessionCookieHeader,
  openSessionCookie,
  readCookie,
  sealSessionId,
  SESSION_TTL_S,
  sessionCookieHeader,
  sessionHash,
} from "@/lib/server/auth/session-cookie";

const SECRET = "unit-test-session-secret-0123456789abcdef";
const id = "a".repeat(43);

afterEach(() => vi.useRealTimers());

describe("the session cookie", () => {
  it("opens with the secret it was sealed with, and only then", async () => {
    const sealed = await sealSessionId(id, SECRET);
    expect(sealed).not.toContain(id);
    expect(await openSessionCookie(sealed, SECRET)).toBe(id);
    expect(await openSessionCookie(sealed, "another-secret-of-at-least-32-chars!!")).toBeNull();
  });

  it("does not open when altered, truncated or not a seal", async () => {
    const sealed = await sealSessionId(id, SECRET);
    const altered = sealed.slice(0, 60) + (sealed[60] === "x" ? "y" : "x") + sealed.slice(61);
    for (const value of [altered, sealed.slice(0, -5), "", "Fe26.2**", "studio"])
      expect(await openSessionCookie(value, SECRET)).toBeNull();
  });

  it("does not open after its two weeks", async () => {
    const sealed = await sealSessionId(id, SECRET);
    vi.useFakeTimers({ now: Date.now() + (SESSION_TTL_S + 120) * 1000 });
    expect(await openSessionCookie(sealed, SECRET)).toBeNull();
  });

  it("is HttpOnly, SameSite=Lax, site-wide, and Secure only over https", () => {
    expect(sessionCookieHeader("v", false)).toBe(
      `studio_session=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_S - 60}`,
    );
    expect(sessionCookieHeader("v", true)).toMatch(/; Secure$/);
    expect(clearedSessionCookieHeader(true)).toBe("studio_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure");
  });

  it("is stored hashed and read from a Cookie header among others", () => {
    expect(sessionHash(id)).toMatch(/^[0-9a-f]{64}$/);
    expect(sessionHash(id)).not.toBe(sessionHash("b".repeat(43)));
    const req = new Request("http://x/", { headers: { cookie: "studio_locale=en; studio_session=abc=def; other=1" } });
    expect(readCookie(req, "studio_session")).toBe("abc=def");
    expect(readCookie(req, "missing")).toBeUndefined();
  });
});
