"use client";
import { useId, useState } from "react";
import { useTranslations } from "use-intl";
import { cx } from "./cx";

// A 1–max star rating to choose: a radio group of native radios (arrow keys move and choose, each
// star is read as "3 of 5"); a Clear button takes the rating away. Shown read-only, a rating is a
// RatingBadge (./rating-badge), which is all the gallery's cards load.

type Props = {
  value: number | null;
  max?: number;
  /** The group's name, e.g. "Rating of video A". */
  label: string;
  onChange: (value: number | null) => void;
  disabled?: boolean;
  size?: "sm" | "md";
  className?: string;
};

const STAR = "M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8z";

function Star({ filled, size }: { filled: boolean; size: "sm" | "md" }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className={cx(
        size === "sm" ? "h-3.5 w-3.5" : "h-6 w-6",
        filled ? "text-amber-500 dark:text-amber-400" : "text-zinc-400 dark:text-zinc-500",
      )}
      fill={filled ? "currentColor" : "none"}
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinejoin="round"
    >
      <path d={STAR} />
    </svg>
  );
}

export function StarRating({ value, max = 5, label, onChange, disabled, size = "md", className }: Props) {
  const t = useTranslations("rating");
  const name = useId();
  const [hover, setHover] = useState<number | null>(null);
  const stars = Array.from({ length: max }, (_, i) => i + 1);

  const shown = hover ?? value ?? 0;
  return (
    <div className={cx("inline-flex flex-wrap items-center gap-2", className)}>
      <div
        role="radiogroup"
        aria-label={label}
        aria-disabled={disabled || undefined}
        className="inline-flex items-center"
        onPointerLeave={() => setHover(null)}
      >
        {stars.map((n) => (
          <label
            key={n}
            className={cx(
              "rounded p-0.5 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-violet-500",
              disabled ? "cursor-not-allowed opacity-60" : "cursor-pointer",
            )}
            onPointerEnter={() => !disabled && setHover(n)}
          >
            <input
              type="radio"
              className="sr-only"
              name={name}
              value={n}
              checked={value === n}
              disabled={disabled}
              aria-label={t("star", { value: n, max })}
              onChange={() => onChange(n)}
            />
            <Star filled={n <= shown} size={size} />
          </label>
        ))}
      </div>
      {value !== null && (
        <button
          type="button"
          disabled={disabled}
          onClick={() => onChange(null)}
          className="rounded px-1.5 py-0.5 text-xs text-zinc-600 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-violet-500 dark:text-zinc-400"
        >
          {t("clear")}
        </button>
      )}
    </div>
  );
}
