import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { themeScript } from "@/components/theme/theme";
import { compiledMessagesFor } from "@/lib/i18n/compiled";
import { getTranslator, requestLocale } from "@/lib/i18n/request";
import { NONCE_HEADER } from "@/lib/server/http/csp";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator("page");
  return { title: t("metaTitle"), description: t("metaDescription") };
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
