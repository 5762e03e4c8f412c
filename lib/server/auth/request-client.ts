import "server-only";
import { env } from "../platform/env";

// Facts about the browser behind a request, for the sign-in limits, the audit log and cookies.

/**
 * The client's address: the last X-Forwarded-For entry, which is the one the proxy in front of
 * the studio appended (Next itself sets the header to the socket's address when it is absent).
 * Earlier entries are whatever the client sent and are not trusted.
 */
export function clientIp(req: Request): string | null {
  const forwarded = req.headers.get("x-forwarded-for");
  const last = forwarded
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);
  return last ?? req.headers.get("x-real-ip") ?? null;
}

export const clientUserAgent = (req: Request): string | null => req.headers.get("user-agent")?.slice(0, 300) ?? null;

/** Cookies get `Secure` when the studio is served over https (its public URL, or the proxy says so). */
export function isHttps(req: Request): boolean {
  const publicUrl = env().STUDIO_PUBLIC_URL;
  if (publicUrl) return publicUrl.startsWith("https:");
  return (
    req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" || new URL(req.url).protocol === "https:"
  );
}
