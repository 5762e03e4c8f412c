/** Exponential backoff: `baseMs` for the first attempt, doubling each time, never above `capMs`. */
export function backoffMs(attempt: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** (Math.max(1, attempt) - 1));
}
