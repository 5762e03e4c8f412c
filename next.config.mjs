/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-only drivers stay external to the server bundle.
  serverExternalPackages: ["better-sqlite3", "pg", "kysely"],
  poweredByHeader: false,
  // The route handlers read request bodies themselves (with a size cap in lib/server/http.ts).
  reactStrictMode: true,
};
export default nextConfig;
