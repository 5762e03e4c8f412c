// Byte counts as people read them (decimal units, as file managers and browsers show sizes).
// The unit symbols read the same in English and Chinese; the number follows the locale.

const UNITS = ["KB", "MB", "GB", "TB"] as const;

export function formatBytes(bytes: number, locale = "en"): string {
  const number = (value: number, digits: number) =>
    new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  if (!Number.isFinite(bytes) || bytes < 1000) return `${number(Math.max(0, Math.round(bytes || 0)), 0)} B`;
  let value = bytes;
  let unit = 0;
  for (value /= 1000; value >= 1000 && unit < UNITS.length - 1; unit++) value /= 1000;
  // "3 MB", not "3.0 MB": a round number reads as one.
  return `${number(value, value >= 100 || Number.isInteger(+value.toFixed(1)) ? 0 : 1)} ${UNITS[unit]}`;
}
