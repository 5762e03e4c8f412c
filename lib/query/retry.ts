// Read by the query client's defaults, so it is in the root layout's script on every page: it
// reads an error's `status` (ApiError's, lib/query/api.ts) instead of importing that module,
// which would move the API client into the layout's chunk and regroup every page's scripts.

/** How many times a failed read is asked again before its error is shown. */
export const READ_RETRIES = 2;

/**
 * Whether a failed read is worth asking again. A refusal the studio gave on purpose (a missing
 * board or task, a bad id, no right to it) gives the same answer the next time, so asking again
 * only keeps the page on "Loading…" for seconds before it says what is wrong. A dropped
 * connection, a server error, a timeout (408) or a busy server (429) may pass.
 */
export function retryRead(failures: number, error: unknown): boolean {
  if (failures >= READ_RETRIES) return false;
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status !== "number") return true;
  const refusedOnPurpose = status >= 400 && status < 500 && status !== 408 && status !== 429;
  return !refusedOnPurpose;
}
