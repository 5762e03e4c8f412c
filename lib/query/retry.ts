import { ApiError } from "./api";

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
  if (!(error instanceof ApiError)) return true;
  const refusedOnPurpose = error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
  return !refusedOnPurpose;
}
