import { QueryClient } from "@tanstack/react-query";

/** The one query-client factory (one per browser tab). */
export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 5_000, retry: 2, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
