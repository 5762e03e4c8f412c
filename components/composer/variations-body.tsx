"use client";
import { useTranslations } from "use-intl";
import { issueKey, issueText } from "@/lib/i18n/schema-issues";
import type { Orientation, Size } from "@/lib/schemas/rules";
import { AXIS_FIELDS, REPEAT_MAX, VARIATION_AXES, axisCounts, type VariationAxis } from "@/lib/schemas/variations";
import { cx } from "@/components/ui/cx";
import { FieldError } from "@/components/ui/field";
import { axesOf, type VariationChoice, type VariationPlan, type VariationsProps } from "./variations";

// The inside of the Variations section: the mode, the repeat count or the matrix's ticks, and
// the preview of what Generate will make. Loaded when the section is first opened.

const radioClass = cx(
  "relative flex cursor-pointer items-center justify-center rounded-lg border px-3 py-1.5 text-sm font-medium transition-colors",
  "border-zinc-300 bg-white text-zinc-800 hover:border-zinc-400 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:border-zinc-600",
  "has-[:checked]:border-violet-500 has-[:checked]:bg-violet-50 has-[:checked]:ring-1 has-[:checked]:ring-violet-500 dark:has-[:checked]:bg-violet-950/40",
  "has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-violet-500",
);

export function VariationsBody({ choice, onChange, plan, base, error }: VariationsProps) {
  const t = useTranslations("variations");
  const tComposer = useTranslations("composer");
  const tSchema = useTranslations("schema");
  const problem = plan.problem;
  const setMode = (mode: VariationChoice["mode"]) =>
    onChange({ ...choice, mode, axes: mode === "matrix" ? axesOf(base) : choice.axes });
  const toggle = (axis: VariationAxis, value: string | number, on: boolean) => {
    const current = choice.axes[axis] as (string | number)[];
    const next = on ? [...current, value] : current.filter((v) => v !== value);
    onChange({ ...choice, axes: { ...choice.axes, [axis]: next } });
  };
  const valueLabel = (axis: VariationAxis, value: string | number): string => {
    if (axis === "durations") return tComposer("duration.choice", { seconds: Number(value) });
    if (axis === "sizes") return tComposer(`size.${value as Size}`);
    if (axis === "orientations") return tComposer(`orientation.${value as Orientation}`);
    return String(value);
  };

  const reasonText = (reason: NonNullable<VariationPlan["expansion"]>["skipped"][number]["reason"]) => {
    // A shorter wording for the preview when there is one; otherwise the schema's own, translated.
    const key = `reasons.${issueKey(reason.issue as never).replace(/\./g, "_")}`;
    const params = Object.fromEntries(
      Object.entries((reason.issue as { params?: Record<string, unknown> }).params ?? {}).filter(
        ([name, v]) => name !== "i18n" && (typeof v === "string" || typeof v === "number"),
      ),
    );
    return t.has(key as never)
      ? (t as unknown as (key: string, values: Record<string, unknown>) => string)(key, params)
      : issueText(reason.issue as never, tSchema);
  };

  let preview: string | undefined;
  if (plan.expansion && plan.spec) {
    const videos = t("preview.videos", { count: plan.count });
    let parts: string | undefined;
    if (plan.spec.mode === "repeat") parts = t("preview.repeat", { count: plan.spec.count });
    else {
      const counts = axisCounts(plan.spec);
      const varied = VARIATION_AXES.filter((axis) => counts[axis] > 1).map((axis) =>
        t(`count.${axis}`, { count: counts[axis] }),
      );
      if (varied.length > 0) parts = varied.join(" × ");
    }
    const skipped = plan.expansion.skipped;
    const reasons = [...new Set(skipped.map((s) => reasonText(s.reason)))].join("; ");
    preview = [
      parts ? t("preview.makeUp", { videos, parts }) : videos,
      ...(skipped.length > 0 ? [t("preview.skipped", { count: skipped.length, reasons })] : []),
    ].join(" · ");
  }
  const problemText =
    error ??
    (problem?.code === "too_many"
      ? t("problem.tooMany", { count: problem.count, max: problem.max })
      : problem?.code === "none_valid"
        ? t("problem.noneValid")
        : problem?.code === "empty_axis"
          ? t("problem.emptyAxis")
          : undefined);

  return (
    <div className="space-y-3 border-t border-zinc-200 p-3 dark:border-zinc-800">
      <fieldset aria-describedby={problemText ? "variations-error" : preview ? "variations-preview" : undefined}>
        <legend className="mb-1.5 text-sm font-medium text-zinc-800 dark:text-zinc-200">{t("mode.legend")}</legend>
        <div className="grid grid-cols-3 gap-1.5">
          {(["single", "repeat", "matrix"] as const).map((mode) => (
            <label key={mode} className={radioClass}>
              <input
                type="radio"
                name="variations-mode"
                value={mode}
                checked={choice.mode === mode}
                onChange={() => setMode(mode)}
                className="sr-only"
              />
              {t(`mode.${mode}`)}
            </label>
          ))}
        </div>
      </fieldset>

      {choice.mode === "repeat" && (
        <div className="flex items-center gap-2">
          <label htmlFor="variations-count" className="text-sm text-zinc-800 dark:text-zinc-200">
            {t("repeatCount")}
          </label>
          <select
            id="variations-count"
            value={choice.count}
            onChange={(e) => onChange({ ...choice, count: Number(e.target.value) })}
            className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
          >
            {Array.from({ length: REPEAT_MAX }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      )}

      {choice.mode === "matrix" && (
        <div className="space-y-2">
          <p className="text-xs text-zinc-600 dark:text-zinc-400">{t("matrixHint")}</p>
          {VARIATION_AXES.map((axis) => (
            <fieldset key={axis}>
              <legend className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">{t(`axis.${axis}`)}</legend>
              <div className="flex flex-wrap gap-x-4 gap-y-1">
                {(AXIS_FIELDS[axis].values as readonly (string | number)[]).map((value) => (
                  <label key={value} className="flex items-center gap-1.5 text-sm text-zinc-800 dark:text-zinc-200">
                    <input
                      type="checkbox"
                      className="h-4 w-4 accent-violet-600"
                      checked={(choice.axes[axis] as (string | number)[]).includes(value)}
                      onChange={(e) => toggle(axis, value, e.target.checked)}
                    />
                    {valueLabel(axis, value)}
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
        </div>
      )}

      {preview && (
        <p
          id="variations-preview"
          role="status"
          data-testid="variations-preview"
          className="text-sm text-zinc-700 dark:text-zinc-300"
        >
          {preview}
        </p>
      )}
      <FieldError id="variations-error" message={problemText} />
    </div>
  );
}
