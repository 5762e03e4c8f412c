import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { themeScript } from "@/components/theme/theme";
import { compiledMessagesFor } from "@/lib/i18n/compiled";
import { getTranslator, requestLocale } from "@/lib/i18n/request";
import { NONCE_HEADER } from "@/lib/server/http/csp";
import { env } from "@/lib/server/platform/env";
import "./globals.css";

/**
 * What the metadata's relative links (the social preview image) are resolved against: the studio's
 * public address, else the address this request came to. Without it Next would name localhost.
 */
function metadataBase(head: Headers): URL | null {
  const publicUrl = env().STUDIO_PUBLIC_URL;
  const host = head.get("x-forwarded-host") ?? head.get("host");
  if (!publicUrl && !host) return null;
  const proto = head.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  try {
    return new URL(publicUrl ?? `${proto}://${host}`);
  } catch {
    return null;
  }
}

export async function generateMetadata(): Promise<Metadata> {
  const [t, head] = await Promise.all([getTranslator("page"), headers()]);
  const title = t("metaTitle");
  const description = t("metaDescription");
  // public/og-image.png: the 1200×630 preview a chat or a social site shows for a shared link.
  const image = { url: "/og-image.png", width: 1200, height: 630, alt: title };
  return {
    title,
    description,
    metadataBase: metadataBase(head),
    // Listing icons replaces the link Next makes for app/icon.svg, so it is named here too.
    icons: {
      icon: [
        { url: "/icon.svg", type: "image/svg+xml" },
        { url: "/favicon.ico", sizes: "16x16 32x32" },
      ],
    },
    openGraph: { type: "website", siteName: title, title, description, images: [image] },
    twitter: { card: "summary_large_image", title, description, images: [image] },
  };
}

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fafafa" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, head] = await Promise.all([requestLocale(), headers()]);
  // This request's nonce (proxy.ts): the page's policy runs no inline script without it.
  const nonce = head.get(NONCE_HEADER) ?? undefined;
  return (
    // The theme script sets a class on <html> before React hydrates: expected, not a mismatch.
    <html lang={locale} suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: our own constant script, allowed by this request's nonce */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-dvh">
        {/* Only this language's messages travel to the browser. */}
        <Providers locale={locale} messages={compiledMessagesFor(locale)}>
          {children}
        </Providers>
      </body>
    </html>
  );
}
