"use client";
import { useId, useMemo, useState } from "react";
import { useTranslations } from "use-intl";
import { inputClass } from "@/components/ui/field";
import { cx } from "@/components/ui/cx";
import type { PromptVersion } from "@/lib/schemas/prompt";
import { wordDiff } from "@/lib/shared/word-diff";

/** How an added and a removed part are marked: by element, sign and style, not by colour alone. */
const CHANGE_MARKS = {
  added: {
    Tag: "ins",
    sign: "+",
    className:
      "rounded bg-emerald-100 px-0.5 text-emerald-900 underline decoration-2 underline-offset-2 dark:bg-emerald-900/50 dark:text-emerald-100",
  },
  removed: {
    Tag: "del",
    sign: "−",
    className: "rounded bg-red-100 px-0.5 text-red-900 line-through decoration-2 dark:bg-red-900/50 dark:text-red-100",
  },
} as const;

/**
 * Two versions side by side as one text: added words underlined on green with a "+", removed
 * ones struck through on red with a "−" (marked by more than colour), in <ins>/<del>.
 */
export function VersionDiff({ versions }: { versions: PromptVersion[] }) {
  const t = useTranslations("prompts.diff");
  const tDetail = useTranslations("prompts.detail");
  const id = useId();
  const numbers = versions.map((v) => v.number);
  const latest = numbers[numbers.length - 1] ?? 1;
  const [from, setFrom] = useState<number>(numbers[numbers.length - 2] ?? latest);
  const [to, setTo] = useState<number>(latest);
  const before = versions.find((v) => v.number === from);
  const after = versions.find((v) => v.number === to);
  const parts = useMemo(() => (before && after ? wordDiff(before.text, after.text) : []), [before, after]);

  if (versions.length < 2) {
    return (
      <section aria-labelledby={`${id}-title`} className="space-y-2">
        <h3 id={`${id}-title`} className="text-sm font-semibold">
          {t("title")}
        </h3>
        <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("needsTwo")}</p>
      </section>
    );
  }
  const picker = (which: "from" | "to", value: number, set: (n: number) => void) => (
    <div className="flex items-center gap-2">
      <label htmlFor={`${id}-${which}`} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {t(which)}
      </label>
      <select
        id={`${id}-${which}`}
        className={cx(inputClass, "w-auto py-1")}
        value={value}
        onChange={(e) => set(Number(e.target.value))}
      >
        {numbers.map((n) => (
          <option key={n} value={n}>
            {tDetail("version", { number: n })}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3">
      <h3 id={`${id}-title`} className="text-sm font-semibold">
        {t("title")}
      </h3>
      <div className="flex flex-wrap gap-3">
        {picker("from", from, setFrom)}
        {picker("to", to, setTo)}
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("legend")}</p>
      {parts.every((p) => p.kind === "same") ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-300">{t("identical")}</p>
      ) : (
        <p
          data-testid="version-diff"
          className="whitespace-pre-wrap break-words rounded-lg border border-zinc-200 bg-zinc-50 p-3 text-sm leading-relaxed dark:border-zinc-800 dark:bg-zinc-950"
        >
          {parts.map((part, i) => {
            if (part.kind === "same")
              return (
                <span
                  // biome-ignore lint/suspicious/noArrayIndexKey: a diff's parts are computed whole each time; their order is their identity
                  key={i}
                >
                  {part.text}
                </span>
              );
            const { Tag, sign, className } = CHANGE_MARKS[part.kind];
            return (
              <Tag
                // biome-ignore lint/suspicious/noArrayIndexKey: a diff's parts are computed whole each time; their order is their identity
                key={i}
                data-kind={part.kind}
                title={t(part.kind)}
                className={className}
              >
                <span aria-hidden="true" className="font-semibold">
                  {sign}
                </span>
                {part.text}
              </Tag>
            );
          })}
        </p>
      )}
    </section>
  );
}
