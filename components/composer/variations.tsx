"use client";
import { useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import type { GenerationInput } from "@/lib/schemas/generation";
import { issueKey, issueText } from "@/lib/i18n/schema-issues";
import { DURATIONS, MODELS, ORIENTATIONS, SIZES, type Duration, type Model, type Orientation, type Size } from "@/lib/schemas/rules";
import {
  AXIS_FIELDS,
  REPEAT_MAX,
  VARIATION_AXES,
  axisCounts,
  expandVariations,
  variationsProblem,
  type Expansion,
  type VariationAxis,
  type VariationSpec,
  type VariationsProblem,
} from "@/lib/schemas/variations";
import { cx } from "@/components/ui/cx";
import { FieldError } from "@/components/ui/field";

// The composer's "Variations" section: one video (the default), the same request up to four
// times, or a matrix of ticked models × durations × orientations × sizes. The preview is the
// shared expansion (lib/schemas/variations.ts) run on the form as it is, so the count shown is
// the count the server will make, with the combinations it will skip and why.

type Axes = { models: Model[]; durations: Duration[]; orientations: Orientation[]; sizes: Size[] };
export type VariationChoice = { mode: "single" | "repeat" | "matrix"; count: number; axes: Axes };

export const SINGLE: VariationChoice = { mode: "single", count: 2, axes: { models: [], durations: [], orientations: [], sizes: [] } };

export type VariationPlan = {
  /** What to send with the request; none for a single video. */
  spec?: VariationSpec;
  /** How many videos Generate makes. */
  count: number;
  expansion?: Expansion<GenerationInput>;
  problem?: VariationsProblem | { code: "empty_axis" };
};

const AXIS_VALUES = { models: MODELS, durations: DURATIONS, orientations: ORIENTATIONS, sizes: SIZES } as const;

/** The matrix axes pre-checked with the form's current choice. */
function axesOf(base: GenerationInput): Axes {
  return { models: [base.model], durations: [base.duration as Duration], orientations: [base.orientation], sizes: [base.size] };
}

/** The batch the section describes, judged on the form as it is now. */
export function planVariations(choice: VariationChoice, base: GenerationInput): VariationPlan {
  if (choice.mode === "single") return { count: 1 };
  if (choice.mode === "matrix" && VARIATION_AXES.some((axis) => choice.axes[axis].length === 0)) return { count: 0, problem: { code: "empty_axis" } };
  const spec: VariationSpec = choice.mode === "repeat" ? { mode: "repeat", count: choice.count } : { mode: "matrix", ...choice.axes };
  const expansion = expandVariations(base, spec);
  return { spec, count: expansion.requests.length, expansion, problem: variationsProblem(expansion) };
}

const radioClass = cx(
  "relative flex cursor-pointer items-center justify-center rounded-lg border px-3 py-1.5 text-sm font-medium transition-colors",
  "border-zinc-300 bg-white text-zinc-800 hover:border-zinc-400 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:border-zinc-600",
  "has-[:checked]:border-violet-500 has-[:checked]:bg-violet-50 has-[:checked]:ring-1 has-[:checked]:ring-violet-500 dark:has-[:checked]:bg-violet-950/40",
  "has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-violet-500",
);

export function Variations({
  choice,
  onChange,
  plan,
  base,
  error,
}: {
  choice: VariationChoice;
  onChange: (choice: VariationChoice) => void;
  plan: VariationPlan;
  base: GenerationInput;
  /** The server's word on the variations (an issue at `variations`), shown in place of the preview's. */
  error?: string;
}) {
  const t = useTranslations("variations");
  const tComposer = useTranslations("composer");
  const tSchema = useTranslations("schema");
  const [open, setOpen] = useState(false);
  const problem = plan.problem;
  // Opens itself to show why Generate will not go (and stays as the user leaves it otherwise).
  useEffect(() => {
    if (error || problem) setOpen(true);
  }, [error, problem]);

  // An axis with one tick follows the form: change the model above and the matrix's model follows.
  const { model, duration, orientation, size } = base;
  useEffect(() => {
    if (choice.mode !== "matrix") return;
    const now: Partial<Record<VariationAxis, unknown>> = { models: model, durations: duration, orientations: orientation, sizes: size };
    let changed = false;
    const axes = { ...choice.axes };
    for (const axis of VARIATION_AXES) {
      const current = axes[axis] as unknown[];
      if (current.length === 1 && current[0] !== now[axis] && (AXIS_VALUES[axis] as readonly unknown[]).includes(now[axis])) {
        (axes as Record<VariationAxis, unknown[]>)[axis] = [now[axis]];
        changed = true;
      }
    }
    if (changed) onChange({ ...choice, axes });
    // Only a change of the form's values moves a lone tick, not a change of the ticks themselves.
  }, [model, duration, orientation, size]);

  const setMode = (mode: VariationChoice["mode"]) => onChange({ ...choice, mode, axes: mode === "matrix" ? axesOf(base) : choice.axes });
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
    const params = Object.fromEntries(Object.entries((reason.issue as { params?: Record<string, unknown> }).params ?? {}).filter(([name, v]) => name !== "i18n" && (typeof v === "string" || typeof v === "number")));
    return t.has(key as never) ? (t as unknown as (key: string, values: Record<string, unknown>) => string)(key, params) : issueText(reason.issue as never, tSchema);
  };

  let preview: string | undefined;
  if (plan.expansion && plan.spec) {
    const videos = t("preview.videos", { count: plan.count });
    let parts: string | undefined;
    if (plan.spec.mode === "repeat") parts = t("preview.repeat", { count: plan.spec.count });
    else {
      const counts = axisCounts(plan.spec);
      const varied = VARIATION_AXES.filter((axis) => counts[axis] > 1).map((axis) => t(`count.${axis}`, { count: counts[axis] }));
      if (varied.length > 0) parts = varied.join(" × ");
    }
    const skipped = plan.expansion.skipped;
    const reasons = [...new Set(skipped.map((s) => reasonText(s.reason)))].join("; ");
    preview = [parts ? t("preview.makeUp", { videos, parts }) : videos, ...(skipped.length > 0 ? [t("preview.skipped", { count: skipped.length, reasons })] : [])].join(" · ");
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
    <details
      data-testid="variations"
      className="group rounded-lg border border-zinc-200 dark:border-zinc-800"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="cursor-pointer select-none rounded-lg px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-900">
        {t("section")} <span className="font-normal text-zinc-500 dark:text-zinc-400">{choice.mode === "single" ? t("sectionHint") : t("preview.videos", { count: plan.count })}</span>
      </summary>
      <div className="space-y-3 border-t border-zinc-200 p-3 dark:border-zinc-800">
        <fieldset aria-describedby={problemText ? "variations-error" : preview ? "variations-preview" : undefined}>
          <legend className="mb-1.5 text-sm font-medium text-zinc-800 dark:text-zinc-200">{t("mode.legend")}</legend>
          <div className="grid grid-cols-3 gap-1.5">
            {(["single", "repeat", "matrix"] as const).map((mode) => (
              <label key={mode} className={radioClass}>
                <input type="radio" name="variations-mode" value={mode} checked={choice.mode === mode} onChange={() => setMode(mode)} className="sr-only" />
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
          <p id="variations-preview" role="status" data-testid="variations-preview" className="text-sm text-zinc-700 dark:text-zinc-300">
            {preview}
          </p>
        )}
        <FieldError id="variations-error" message={problemText} />
      </div>
    </details>
  );
}
