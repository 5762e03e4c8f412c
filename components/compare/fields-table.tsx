"use client";
import { useId } from "react";
import { useTranslations } from "use-intl";
import type { GenerationRequest } from "@/lib/schemas/generation";
import { cx } from "@/components/ui/cx";
import { compareFields, type FieldRow } from "./differences";
import { shapeLabel, tierLabel } from "@/components/task/task-status";

// The request of each compared video, field by field. A row whose values are not all the same is
// tinted and says "≠ differs" in words, so colour is never the only sign.

export function FieldsTable({ columns }: { columns: { letter: string; request: GenerationRequest }[] }) {
  const t = useTranslations("compare.fields");
  const tTask = useTranslations("task");
  const titleId = useId();
  const rows = compareFields(columns.map((c) => c.request));

  const show = (row: FieldRow, i: number): string => {
    switch (row.field) {
      case "model":
      case "prompt":
        return String(row.values[i]);
      case "size":
        return tierLabel(row.values[i] as string | null, tTask) ?? "—";
      case "orientation":
        return shapeLabel(row.values[i] as string | null, tTask) ?? "—";
      case "duration":
        return tTask("seconds", { seconds: row.values[i] as number });
      case "images":
        return String(row.values[i]);
      case "character": {
        const clip = (row as FieldRow<"character">).values[i];
        if (!clip) return t("none");
        return clip.start !== null && clip.end !== null
          ? `${clip.url} · ${t("span", { start: clip.start, end: clip.end })}`
          : clip.url;
      }
    }
  };

  return (
    <section aria-labelledby={titleId} className="space-y-2">
      <h3 id={titleId} className="text-base font-semibold">
        {t("title")}
      </h3>
      {/* Scrolls sideways on a narrow screen; focusable so the keyboard can scroll it too. */}
      <div
        role="region"
        aria-label={t("regionLabel")}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region takes focus so the keyboard can scroll it
        tabIndex={0}
        data-own-keys
        className="overflow-x-auto rounded-xl border border-zinc-200 focus-visible:outline-2 focus-visible:outline-violet-500 dark:border-zinc-800"
      >
        <table className="w-full min-w-[36rem] border-collapse text-left text-sm" data-testid="compare-fields">
          <caption className="px-3 py-2 text-left text-xs text-zinc-600 dark:text-zinc-400">{t("caption")}</caption>
          <thead className="bg-zinc-50 dark:bg-zinc-900">
            <tr>
              <th scope="col" className="w-40 px-3 py-2 font-medium">
                {t("field")}
              </th>
              {columns.map((c) => (
                <th key={c.letter} scope="col" className="px-3 py-2 font-medium">
                  {c.letter}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.field}
                data-field={row.field}
                data-differs={row.differs}
                className={cx(
                  "border-t border-zinc-200 align-top dark:border-zinc-800",
                  row.differs ? "bg-amber-50 dark:bg-amber-950/30" : "bg-white dark:bg-zinc-950",
                )}
              >
                <th scope="row" className="px-3 py-2 font-medium">
                  <span className="block">{t(row.field)}</span>
                  <span
                    className={cx(
                      "mt-0.5 inline-block rounded px-1 text-[11px] font-semibold",
                      row.differs
                        ? "bg-amber-200 text-amber-950 dark:bg-amber-800 dark:text-amber-50"
                        : "font-normal text-zinc-600 dark:text-zinc-400",
                    )}
                  >
                    {row.differs ? t("differs") : t("same")}
                  </span>
                </th>
                {columns.map((c, i) => (
                  <td
                    key={c.letter}
                    className={cx(
                      "px-3 py-2 break-words",
                      row.field === "prompt"
                        ? "min-w-48"
                        : row.field === "character"
                          ? "break-all"
                          : "whitespace-nowrap",
                    )}
                  >
                    {show(row, i)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
