import path from "node:path";
import { fileURLToPath } from "node:url";

const projectDir = path.dirname(fileURLToPath(import.meta.url));

/**
 * Sent with every page and route. The Content-Security-Policy is not among them: pages get theirs
 * from proxy.ts (a nonce per request), everything else gets NOTHING or MEDIA below. A page must carry
 * exactly one policy: a browser enforces every policy it is sent, so a second, stricter one here
 * would block the page's own scripts.
 */
const SECURITY_HEADERS = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Signed provider URLs and task ids stay out of other sites' logs.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), browsing-topics=()" },
];

/**
 * For every response proxy.ts does not see (its matcher skips these paths): API answers, downloads,
 * static chunks and icons are never pages of the studio, so when one is opened as a document (a
 * JSON answer, an SVG) it may run, load or frame nothing. base-uri and form-action do not fall
 * back to default-src, so they are named; object-src is spelled out as on pages.
 */
const NOTHING = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'";
const NOT_PAGES = ["/api", "/api/:path*", "/_next/static/:path*", "/_next/image", "/favicon.ico", "/icon.svg"];
/**
 * Videos, posters and uploads opened in a tab of their own ("Open video in new tab") are shown by
 * the browser's own media or image document, which loads the very URL again and styles it
 * inline: with NOTHING the video stays black. Still no script, no framing.
 */
const MEDIA = `default-src 'none'; media-src 'self'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'`;
const MEDIA_ROUTES = ["/api/media/:id", "/api/media/:id/poster", "/api/uploads/:id", "/api/emulator/files/:name"];

const csp = (value) => [{ key: "Content-Security-Policy", value }];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // `.next/standalone`: server.js with only the node_modules the server needs, for the Docker
  // image and `node .next/standalone/server.js` (docs/deployment.md). `next start` still runs
  // the same build (with a warning), which is what the tests use.
  output: "standalone",
  // This project is the root of the trace, whatever lockfiles lie in the folders above it.
  outputFileTracingRoot: projectDir,
  // Files read from disk at run time by a computed path: the emulator's bundled MP4s (its videos
  // when ffmpeg is missing or fails, lib/emulator/video.ts). Turbopack's tracer finds them today
  // by guessing at `path.join(process.cwd(), …)`; naming them keeps them if it stops guessing.
  // Messages are imported as modules and migrations are code: both are in the chunks already.
  // tests/integration/standalone.test.ts fails if the MP4s are missing.
  outputFileTracingIncludes: {
    "/api/emulator/**": ["./lib/emulator/assets/*.mp4"],
  },
  // The same guessing copies sources, messages, test fixtures and any JSON of the checkout
  // (a local ./data's emulator tasks, test reports) into the output; the chunks hold all the
  // code, and local data has no place in an image. (The instrumentation hook's trace, which
  // excludes do not reach, still brings a few lib/server sources along: harmless.)
  outputFileTracingExcludes: {
    "**": [
      "./app/**",
      "./lib/**/*.ts",
      "./messages/**",
      "./tests/**",
      "./data/**",
      "./test-results/**",
      "./playwright-report/**",
      "./coverage/**",
    ],
  },
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      ...NOT_PAGES.map((source) => ({ source, headers: csp(NOTHING) })),
      // Listed after NOT_PAGES: of two rules setting one header, Next sends the last.
      ...MEDIA_ROUTES.map((source) => ({ source, headers: csp(MEDIA) })),
    ];
  },
  // Native and server-only drivers stay external to the server bundle. undici too: safe-fetch.ts
  // needs the pinned package itself (package.json), not a bundled or Node-internal copy.
  serverExternalPackages: ["better-sqlite3", "pg", "kysely", "undici"],
  poweredByHeader: false,
  // Source maps for `npm run bench:first-load -- --sources` (which file weighs what); off by default.
  productionBrowserSourceMaps: process.env.STUDIO_BROWSER_SOURCE_MAPS === "1",
  // The route handlers read request bodies themselves (with a size cap in lib/server/http/route.ts).
  reactStrictMode: true,
  // Messages reach use-intl precompiled (lib/i18n/compiled.ts), so its formatter needs no ICU
  // parser: the format-only build keeps the parser out of the page's scripts.
  turbopack: {
    resolveAlias: { "use-intl/format-message": "use-intl/format-message/format-only" },
  },
};
export default nextConfig;
