import { NextResponse, type NextRequest } from "next/server";
import { NONCE_HEADER, newNonce, pagePolicy } from "@/lib/server/http/csp";

// Every page gets a Content-Security-Policy with a nonce made for this request alone. Next finds
// the nonce in the request's CSP header and puts it on its own scripts; app/layout.tsx reads
// x-nonce for the theme script. Both request headers are set here, over anything a client sent.
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const policy = pagePolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(NONCE_HEADER, nonce);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API routes, static chunks, image optimisation and the icons are no HTML to
      // protect with a nonce (next.config.mjs gives them stricter policies of their own).
      source: "/((?!api(?:/|$)|_next/static/|_next/image|favicon\\.ico$|icon\\.svg$).*)",
      // A router prefetch fetches an RSC payload, not a document: a policy on it would be unused.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
