// The pages' Content-Security-Policy. Pure (no Next, no Node-only API), so proxy.ts, the root
// layout and the unit tests share the very same code.

/** The request header proxy.ts hands the nonce to the page in (read by app/layout.tsx). */
export const NONCE_HEADER = "x-nonce";

/** A fresh nonce per request: a v4 UUID's 122 random bits, base64 (CSP's nonce grammar). */
export function newNonce(): string {
  return btoa(crypto.randomUUID());
}

// base64 or base64url, as CSP's nonce-source allows: anything else (a quote, a ';') would let a
// caller end the source early and add directives of its own.
const NONCE = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * The policy of a page rendered for one request. Scripts run only with this request's nonce
 * ('strict-dynamic' extends the trust to the chunks those scripts load, which is how Next loads
 * the rest of the app); `dev` adds 'unsafe-eval', which `next dev` needs (React rebuilds server
 * error stacks with eval there) and production never does.
 */
export function pagePolicy(nonce: string, { dev }: { dev: boolean }): string {
  if (!NONCE.test(nonce)) throw new Error("A CSP nonce must be base64");
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    ["script-src", ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])]],
    // React's `style` props become style attributes, which no nonce can cover; styles run no code.
    ["style-src", ["'self'", "'unsafe-inline'"]],
    // Reference images by https URL and their blob: previews before upload; data: for small inline images.
    ["img-src", ["'self'", "data:", "blob:", "https:"]],
    // Videos stream from /api/media; a character clip previews from its https URL or, once picked, a blob:.
    ["media-src", ["'self'", "blob:", "https:"]],
    // The browser talks to the studio's own routes only (the token and the provider stay on the server).
    ["connect-src", ["'self'"]],
    ["font-src", ["'self'"]],
    ["frame-ancestors", ["'none'"]],
    ["base-uri", ["'self'"]],
    ["form-action", ["'self'"]],
    ["object-src", ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(" ")}`).join("; ");
}
