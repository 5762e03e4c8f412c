"use client";
import { useFormatter, useTranslations } from "use-intl";

/** An average rating as five stars, named in words for screen readers (and shown as a number, not by fill alone). */
export function RatingStars({ rating }: { rating: number | null }) {
  const t = useTranslations("prompts.history");
  const format = useFormatter();
  if (rating === null) return <span className="text-xs text-zinc-500 dark:text-zinc-400">{t("notRated")}</span>;
  const shown = format.number(rating, { maximumFractionDigits: 1 });
  return (
    <span role="img" aria-label={t("rating", { rating: shown })} className="inline-flex items-center gap-1 text-xs">
      <span aria-hidden="true" className="tracking-tight">
        {[1, 2, 3, 4, 5].map((star) => (
          <span
            key={star}
            className={star <= Math.round(rating) ? "text-amber-500" : "text-zinc-300 dark:text-zinc-600"}
          >
            ★
          </span>
        ))}
      </span>
      <span aria-hidden="true" className="text-zinc-600 dark:text-zinc-400">
        {shown}
      </span>
    </span>
  );
}
