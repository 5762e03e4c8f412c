/**
 * Sent with every page and route. The policy names no script sources yet (Next's inline scripts
 * would need a nonce per request); what it does say needs none: no framing (clickjacking), no
 * <base> or form posts to other sites, no plugins.
 */
const SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Signed provider URLs and task ids stay out of other sites' logs.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), browsing-topics=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
  // Native and server-only drivers stay external to the server bundle. undici too: safe-fetch.ts
  // needs the pinned package itself (package.json), not a bundled or Node-internal copy.
  serverExternalPackages: ["better-sqlite3", "pg", "kysely", "undici"],
  poweredByHeader: false,
  // Source maps for `npm run bench:first-load -- --sources` (which file weighs what); off by default.
  productionBrowserSourceMaps: process.env.STUDIO_BROWSER_SOURCE_MAPS === "1",
  // The route handlers read request bodies themselves (with a size cap in lib/server/http.ts).
  reactStrictMode: true,
  // Messages reach use-intl precompiled (lib/i18n/compiled.ts), so its formatter needs no ICU
  // parser: the format-only build keeps the parser out of the page's scripts.
  turbopack: {
    resolveAlias: { "use-intl/format-message": "use-intl/format-message/format-only" },
  },
};
export default nextConfig;
