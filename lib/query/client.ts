import { QueryClient } from "@tanstack/react-query";
import { retryRead } from "./retry";

/** The one query-client factory (one per browser tab). */
export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 5_000, retry: retryRead, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
