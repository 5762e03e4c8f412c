/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-only drivers stay external to the server bundle.
  serverExternalPackages: ["better-sqlite3", "pg", "kysely"],
  poweredByHeader: false,
  // The route handlers read request bodies themselves (with a size cap in lib/server/http.ts).
  reactStrictMode: true,
  // Messages reach use-intl precompiled (lib/i18n/compiled.ts), so its formatter needs no ICU
  // parser: the format-only build keeps the parser out of the page's scripts.
  turbopack: {
    resolveAlias: { "use-intl/format-message": "use-intl/format-message/format-only" },
  },
};
export default nextConfig;
