// Byte counts as people read them (decimal units, as file managers and browsers show sizes).

const UNITS = ["KB", "MB", "GB", "TB"] as const;

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1000) return `${Math.max(0, Math.round(bytes || 0))} B`;
  let value = bytes;
  let unit = 0;
  for (value /= 1000; value >= 1000 && unit < UNITS.length - 1; unit++) value /= 1000;
  // "3 MB", not "3.0 MB": a round number reads as one.
  return `${value >= 100 ? Math.round(value) : +value.toFixed(1)} ${UNITS[unit]}`;
}
