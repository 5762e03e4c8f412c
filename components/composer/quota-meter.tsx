"use client";
import { useEffect } from "react";
import { useTranslations } from "use-intl";
import { useQuota } from "@/lib/query/quota";
import { isUnlimited, quotaProblem, secondsOf, type QuotaStatus, type QuotaWanted } from "@/lib/schemas/quota";

// Loaded only in team mode (the composer imports it lazily): a single user's page carries none of it.

/** Why Generate must not send: the sentence, and the field it is about. */
export type QuotaBlock = { text: string; path?: "model" | "size" };

type Props = {
  /** The account's quota as the page rendered it. */
  initial: QuotaStatus;
  /** The video(s) the form would make now. */
  wanted: QuotaWanted[];
  /** Told whenever what the form would make stops or starts fitting (the composer then sends nothing). */
  onBlock: (block: QuotaBlock | null) => void;
};

/** Used / left of the account's quota, shown above Generate in team mode (nothing when unlimited). */
export function QuotaMeter({ initial, wanted, onBlock }: Props) {
  const t = useTranslations("quota");
  const status = useQuota(initial).data ?? initial;
  const { limits, usage } = status;
  // The same rule as the server's check at submit.
  const problem = quotaProblem(limits, usage, wanted);
  const text = problem ? t(`problem.${problem.code}`, problem.values) : null;
  const path = problem?.path;
  useEffect(() => onBlock(text ? { text, path } : null), [text, path, onBlock]);
  const need = secondsOf(wanted);
  if (isUnlimited(limits)) return null;
  const rows = [
    limits.secondsPerDay !== null && {
      key: "day",
      label: t("today"),
      used: usage.secondsToday,
      limit: limits.secondsPerDay,
      unit: "s",
    },
    limits.secondsPerMonth !== null && {
      key: "month",
      label: t("month"),
      used: usage.secondsThisMonth,
      limit: limits.secondsPerMonth,
      unit: "s",
    },
    limits.concurrent !== null && {
      key: "active",
      label: t("active"),
      used: usage.active,
      limit: limits.concurrent,
      unit: "",
    },
  ].filter((row): row is { key: string; label: string; used: number; limit: number; unit: string } => Boolean(row));
  const rules = [!limits.allowPro && t("noPro"), limits.maxSize === "small" && t("smallOnly")].filter(
    Boolean,
  ) as string[];
  return (
    <section
      aria-labelledby="quota-title"
      data-testid="quota-meter"
      className="space-y-2 rounded-xl border border-zinc-200 px-3 py-2.5 text-xs dark:border-zinc-800"
    >
      <div className="flex items-baseline justify-between gap-2">
        <h3 id="quota-title" className="font-medium text-zinc-700 dark:text-zinc-300">
          {t("title")}
        </h3>
        {need > 0 && <span className="text-zinc-500 dark:text-zinc-400">{t("need", { seconds: need })}</span>}
      </div>
      {rows.length > 0 && (
        <dl className="space-y-1.5">
          {rows.map((row) => {
            const left = Math.max(0, row.limit - row.used);
            const share = row.limit === 0 ? 1 : Math.min(1, row.used / row.limit);
            return (
              <div key={row.key} data-testid={`quota-${row.key}`}>
                <div className="flex justify-between gap-2">
                  <dt className="text-zinc-600 dark:text-zinc-400">{row.label}</dt>
                  <dd className="tabular-nums text-zinc-800 dark:text-zinc-200">
                    {row.unit
                      ? t("usedSeconds", { used: row.used, limit: row.limit, left })
                      : t("usedCount", { used: row.used, limit: row.limit })}
                  </dd>
                </div>
                {/* Decorative: the numbers above say the same. */}
                <div aria-hidden="true" className="mt-1 h-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
                  <div
                    className={`h-full rounded-full ${share >= 1 ? "bg-red-500" : share >= 0.8 ? "bg-amber-500" : "bg-emerald-500"}`}
                    style={{ width: `${share * 100}%` }}
                  />
                </div>
              </div>
            );
          })}
        </dl>
      )}
      {rules.length > 0 && <p className="text-zinc-600 dark:text-zinc-400">{rules.join(" · ")}</p>}
      <p
        aria-live="polite"
        data-testid="quota-problem"
        className={problem ? "font-medium text-red-700 dark:text-red-300" : "sr-only"}
      >
        {text ?? ""}
      </p>
    </section>
  );
}
