import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson, startStudio, type Studio } from "../support/studio";

// The built studio over real HTTP: the security headers on pages, routes and media, and a
// cross-site change refused by the running server (Host as Next sees it) while the studio's own
// page and a plain client are served. tests/integration/cross-origin.test.ts covers every route.

let studio: Studio;
beforeAll(async () => {
  studio = await startStudio({ LOG_LEVEL: "warn", STUDIO_PUBLIC_URL: "https://studio.example.com" });
});
afterAll(async () => studio?.stop());

const valid = { prompt: "A kite over the dunes", model: "sora-2", size: "small", duration: 10, orientation: "landscape" };

describe("security headers", () => {
  it.each(["/", "/prompts", "/api/health", "/api/tasks"])("are sent with %s", async (path) => {
    const res = await fetch(`${studio.url}${path}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("x-powered-by")).toBeNull();
  });
});

describe("a change sent from another site", () => {
  it("is refused with 403 cross_origin and creates nothing", async () => {
    const before = (await (await fetch(`${studio.url}/api/tasks`)).json()).items.length;
    for (const headers of <Record<string, string>[]>[{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site", origin: "https://evil.example" }, { "sec-fetch-site": "same-site" }]) {
      const res = await postJson(`${studio.url}/api/videos`, valid, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.json.error.code).toBe("cross_origin");
      expect(res.json.error.message).toMatch(/another site/);
    }
    expect((await (await fetch(`${studio.url}/api/tasks`)).json()).items.length).toBe(before);
  });

  it("is served from the studio's own origin, its public URL, or a client that is not a browser", async () => {
    for (const headers of <Record<string, string>[]>[{ origin: studio.url }, { origin: "https://studio.example.com", "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-origin", origin: studio.url }, {}]) {
      const res = await postJson(`${studio.url}/api/videos`, valid, headers);
      expect(res.status, JSON.stringify(headers)).toBe(202);
    }
  });
});
