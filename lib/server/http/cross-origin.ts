import "server-only";

// Cross-site request forgery: another site's page can make a visitor's browser send a POST to
// the studio. Browsers say where a request comes from (Sec-Fetch-Site, Origin), so a change is
// refused when they say it came from elsewhere. A client that is not a browser (curl, the
// upstream calling back, the tests) sends neither header and is not a forgery risk: it passes.
// The same rule as Go's http.CrossOriginProtection.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const refused = (from: string) =>
  `This request came from another site (${from}); the studio only accepts changes from its own pages.`;

/**
 * Why a request is refused as coming from another site, or null to let it through.
 * `trustedOrigins` are origins besides the request's own host (the studio's public URL).
 */
export function crossOriginRefusal(req: Request, trustedOrigins: readonly string[] = []): string | null {
  if (SAFE_METHODS.has(req.method)) return null;
  const origin = req.headers.get("origin");
  if (origin !== null && trustedOrigins.includes(origin)) return null;
  const site = req.headers.get("sec-fetch-site");
  if (site !== null) {
    // "none": typed in the address bar or a bookmark, which cannot carry a forged body.
    if (site === "same-origin" || site === "none") return null;
    return refused(origin ?? site);
  }
  if (origin === null) return null;
  const host = req.headers.get("host") ?? new URL(req.url).host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = "";
  }
  if (originHost === host) return null;
  return refused(origin);
}
