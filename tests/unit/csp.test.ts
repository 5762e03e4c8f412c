import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { NONCE_HEADER, newNonce, pagePolicy } from "@/lib/server/http/csp";
import { proxy } from "@/proxy";

/** A policy as directive → its sources. */
const parse = (policy: string) =>
  new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name!, sources]),
  );

const NONCE = "MGU5YzllN2YtOGMwNS00MzFmLWFiMGYtMmM1MjBjNmIyNjQx";

describe("pagePolicy", () => {
  it("is the studio's full policy in production, with this request's nonce", () => {
    expect(pagePolicy(NONCE, { dev: false })).toBe(
      `default-src 'self'; script-src 'self' 'nonce-${NONCE}' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; ` +
        "img-src 'self' data: blob: https:; media-src 'self' blob: https:; connect-src 'self'; font-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
    );
  });

  it("never allows eval, or inline script without the nonce, in production", () => {
    const policy = pagePolicy(NONCE, { dev: false });
    expect(policy).not.toContain("unsafe-eval");
    expect(parse(policy).get("script-src")).toEqual(["'self'", `'nonce-${NONCE}'`, "'strict-dynamic'"]);
  });

  it("adds 'unsafe-eval' to script-src in development only, and changes nothing else", () => {
    const dev = parse(pagePolicy(NONCE, { dev: true }));
    const prod = parse(pagePolicy(NONCE, { dev: false }));
    expect(dev.get("script-src")).toEqual([...prod.get("script-src")!, "'unsafe-eval'"]);
    dev.delete("script-src");
    prod.delete("script-src");
    expect(dev).toEqual(prod);
  });

  it("refuses a nonce that could end the source early and add directives of its own", () => {
    for (const bad of ["", "abc' 'unsafe-inline", "abc; script-src *", "a b", "abc'"])
      expect(() => pagePolicy(bad, { dev: false }), bad).toThrow(/base64/);
  });
});

describe("newNonce", () => {
  it("is base64 of a v4 UUID, fresh every time, and fits the policy", () => {
    const nonces = Array.from({ length: 50 }, newNonce);
    expect(new Set(nonces).size).toBe(50);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(atob(nonce)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(pagePolicy(nonce, { dev: false })).toContain(`'nonce-${nonce}'`);
    }
  });
});

describe("proxy", () => {
  afterEach(() => vi.unstubAllEnvs());

  /** The request headers Next will render the page with (NextResponse.next carries them in x-middleware-request-*). */
  const forwarded = (response: Response, name: string) => response.headers.get(`x-middleware-request-${name}`);

  it("sends the policy and hands the same nonce to the page, in x-nonce and in the request's own CSP header", () => {
    const response = proxy(new NextRequest("http://studio.test/"));
    const policy = response.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeDefined();
    expect(policy).toBe(pagePolicy(nonce!, { dev: false }));
    expect(forwarded(response, NONCE_HEADER)).toBe(nonce);
    // Next reads the nonce for its own scripts from the request's CSP header.
    expect(forwarded(response, "content-security-policy")).toBe(policy);
  });

  it("replaces a nonce or policy the client sent, and makes a new nonce for every request", () => {
    const request = () =>
      new NextRequest("http://studio.test/prompts", {
        headers: { [NONCE_HEADER]: "chosen-by-the-client", "content-security-policy": "script-src *" },
      });
    const [a, b] = [proxy(request()), proxy(request())];
    expect(forwarded(a, NONCE_HEADER)).not.toBe("chosen-by-the-client");
    expect(forwarded(a, "content-security-policy")).toBe(a.headers.get("content-security-policy"));
    expect(forwarded(a, NONCE_HEADER)).not.toBe(forwarded(b, NONCE_HEADER));
  });

  it("allows eval under `next dev` only", () => {
    expect(proxy(new NextRequest("http://studio.test/")).headers.get("content-security-policy")).not.toContain(
      "unsafe-eval",
    );
    vi.stubEnv("NODE_ENV", "development");
    expect(proxy(new NextRequest("http://studio.test/")).headers.get("content-security-policy")).toContain(
      "'unsafe-eval'",
    );
  });
});
