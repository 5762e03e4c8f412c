/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-only drivers stay external to the server bundle.
  serverExternalPackages: ["better-sqlite3", "pg", "kysely"],
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
