"use client";
import { QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { IntlProvider } from "use-intl";
import type { Locale } from "@/lib/i18n/config";
import type { Messages } from "@/lib/i18n/messages";
import { makeQueryClient } from "@/lib/query/client";

// The browser's time zone (the server renders in its own; dates carry suppressHydrationWarning).
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Client-side context: react-query, and the request's language with only its messages. */
export function Providers({ children, locale, messages }: { children: ReactNode; locale: Locale; messages: Messages }) {
  const [client] = useState(makeQueryClient);
  return (
    <IntlProvider locale={locale} messages={messages} timeZone={timeZone}>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </IntlProvider>
  );
}
