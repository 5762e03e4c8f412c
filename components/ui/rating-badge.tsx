"use client";
import { useTranslations } from "use-intl";
import { cx } from "./cx";

/**
 * A rating shown read-only: one element named "Rated 3 of 5" (not five drawings: a gallery shows
 * it on every card it keeps in the page), and nothing at all when there is no rating.
 */
export function RatingBadge({ value, max = 5, className }: { value: number | null; max?: number; className?: string }) {
  const t = useTranslations("rating");
  if (value === null) return null;
  return (
    <span
      role="img"
      aria-label={t("rated", { value, max })}
      title={t("rated", { value, max })}
      data-testid="star-rating"
      className={cx("inline-flex items-center text-xs tracking-tight text-amber-600 dark:text-amber-400", className)}
    >
      {"★".repeat(value) + "☆".repeat(max - value)}
    </span>
  );
}
