"use client";
import { QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { IntlProvider } from "use-intl";
import { makeQueryClient } from "@/lib/query/client";
import composer from "@/messages/en/composer.json";

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(makeQueryClient);
  return (
    <IntlProvider locale="en" messages={{ composer }} timeZone="UTC">
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </IntlProvider>
  );
}
