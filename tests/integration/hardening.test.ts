import { describe, expect, it } from "vitest";
import { postJson, waitFor, type Studio } from "../support/studio";
import { videoRequest } from "../support/requests";
import { studioForSuite } from "../support/suite";

// The built studio over real HTTP: the security headers on pages, routes and media, the pages'
// Content-Security-Policy with its nonce per request (proxy.ts), and a cross-site change refused
// by the running server (Host as Next sees it) while the studio's own page and a plain client are
// served. tests/integration/cross-origin.test.ts covers every route.

let studio: Studio;
// A short emulator render, so a finished video's media route can be checked.
studioForSuite(
  { LOG_LEVEL: "warn", STUDIO_PUBLIC_URL: "https://studio.example.com", EMULATOR_LATENCY_MS: "500" },
  (started) => {
    studio = started;
  },
);

const valid = videoRequest("A kite over the dunes");

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

/** The nonce of a page's policy (there must be exactly one policy: fetch joins repeated headers with ", "). */
function nonceOf(res: Response): string {
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp).not.toContain(",");
  const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'(;|$)/.exec(csp)?.[1];
  expect(nonce, csp).toBeDefined();
  return nonce!;
}

const NOTHING = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'";
const MEDIA =
  "default-src 'none'; media-src 'self'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'";

const scriptTags = (html: string) => [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);

describe("the pages' Content-Security-Policy", () => {
  it.each(["/", "/prompts", "/compare", "/no-such-page"])(
    "%s has one, with a nonce, no 'unsafe-eval', and every script carries that nonce",
    async (path) => {
      const res = await fetch(`${studio.url}${path}`);
      const nonce = nonceOf(res);
      const csp = res.headers.get("content-security-policy")!;
      expect(csp).not.toContain("unsafe-eval");
      for (const directive of [
        "default-src 'self'",
        "connect-src 'self'",
        "media-src 'self' blob: https:",
        "img-src 'self' data: blob: https:",
        "base-uri 'self'",
        "form-action 'self'",
      ])
        expect(csp).toContain(directive);
      const html = await res.text();
      const scripts = scriptTags(html);
      const inline = scripts.filter((tag) => !/\ssrc=/.test(tag));
      // The theme script and Next's own inline scripts (the page's data for hydration).
      expect(inline.length).toBeGreaterThanOrEqual(2);
      const theme = [...html.matchAll(/(<script\b[^>]*>)([^<]*)<\/script>/g)].find((m) =>
        m[2]!.includes("sora-studio.theme"),
      );
      expect(theme?.[1]).toBe(`<script nonce="${nonce}">`);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    },
  );

  it("makes a new nonce for every request, whatever nonce the client sends", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${studio.url}/`, { headers: { "x-nonce": "chosen-by-the-client" } });
      const nonce = nonceOf(res);
      const html = await res.text();
      expect(html).not.toContain("chosen-by-the-client");
      expect(html).toContain(`nonce="${nonce}"`);
      nonces.add(nonce);
    }
    expect(nonces.size).toBe(5);
  });

  it("routes, static chunks and the icon get a policy that allows nothing instead", async () => {
    const page = await (await fetch(`${studio.url}/`)).text();
    const chunk = /<script src="(\/_next\/static\/[^"]+\.js)"/.exec(page)?.[1];
    expect(chunk).toBeDefined();
    const task = (await postJson(`${studio.url}/api/videos`, valid)).json.task;
    for (const path of [
      "/api/health",
      "/api/tasks",
      `/api/tasks/${task.id}`,
      "/api/prompts/history",
      chunk!,
      "/icon.svg",
    ]) {
      const res = await fetch(`${studio.url}${path}`);
      expect(res.headers.get("content-security-policy"), path).toBe(NOTHING);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
  });

  it("a video and its poster may show themselves when opened in a tab of their own, and nothing more", async () => {
    const task = (await postJson(`${studio.url}/api/videos`, valid)).json.task;
    const video = await waitFor(
      "the video to be archived with its poster",
      async () => {
        const t = (await (await fetch(`${studio.url}/api/tasks/${task.id}`)).json()).task;
        return t.videos[0]?.posterUrl ? t.videos[0] : undefined;
      },
      60_000,
    );
    for (const [path, headers] of <[string, Record<string, string>][]>[
      [video.url, { range: "bytes=0-1023" }],
      [video.url, {}],
      [video.posterUrl, {}],
    ]) {
      const res = await fetch(`${studio.url}${path}`, { headers });
      expect(res.status, path).toBeLessThan(300);
      expect(res.headers.get("content-security-policy"), path).toBe(MEDIA);
      await res.body?.cancel();
    }
  });
});

describe("a change sent from another site", () => {
  it("is refused with 403 cross_origin and creates nothing", async () => {
    const before = (await (await fetch(`${studio.url}/api/tasks`)).json()).items.length;
    for (const headers of <Record<string, string>[]>[
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site", origin: "https://evil.example" },
      { "sec-fetch-site": "same-site" },
    ]) {
      const res = await postJson(`${studio.url}/api/videos`, valid, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.json.error.code).toBe("cross_origin");
      expect(res.json.error.message).toMatch(/another site/);
    }
    expect((await (await fetch(`${studio.url}/api/tasks`)).json()).items.length).toBe(before);
  });

  it("is served from the studio's own origin, its public URL, or a client that is not a browser", async () => {
    for (const headers of <Record<string, string>[]>[
      { origin: studio.url },
      { origin: "https://studio.example.com", "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-origin", origin: studio.url },
      {},
    ]) {
      const res = await postJson(`${studio.url}/api/videos`, valid, headers);
      expect(res.status, JSON.stringify(headers)).toBe(202);
    }
  });
});
