"use client";
import { useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import type { GenerationInput } from "@/lib/schemas/generation";
import dynamic from "next/dynamic";
import {
  DURATIONS,
  MODELS,
  ORIENTATIONS,
  SIZES,
  DEFAULT_GENERATION,
  type Duration,
  type Model,
  type Orientation,
  type Size,
} from "@/lib/schemas/rules";
import {
  VARIATION_AXES,
  expandVariations,
  variationsProblem,
  type Expansion,
  type VariationAxis,
  type VariationSpec,
  type VariationsProblem,
} from "@/lib/schemas/variations";

// The composer's "Variations" section: one video (the default), the same request up to four
// times, or a matrix of ticked models × durations × orientations × sizes. The preview is the
// shared expansion (lib/schemas/variations.ts) run on the form as it is, so the count shown is
// the count the server will make, with the combinations it will skip and why.

type Axes = { models: Model[]; durations: Duration[]; orientations: Orientation[]; sizes: Size[] };
export type VariationChoice = { mode: "single" | "repeat" | "matrix"; count: number; axes: Axes };

export const SINGLE: VariationChoice = {
  mode: "single",
  count: 2,
  axes: { models: [], durations: [], orientations: [], sizes: [] },
};

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
export function axesOf(base: GenerationInput): Axes {
  return {
    models: [base.model as Model],
    durations: [base.duration as Duration],
    orientations: [base.orientation ?? DEFAULT_GENERATION.orientation],
    sizes: [base.size ?? DEFAULT_GENERATION.size],
  };
}

/** The batch the section describes, judged on the form as it is now. */
export function planVariations(choice: VariationChoice, base: GenerationInput): VariationPlan {
  if (choice.mode === "single") return { count: 1 };
  if (choice.mode === "matrix" && VARIATION_AXES.some((axis) => choice.axes[axis].length === 0))
    return { count: 0, problem: { code: "empty_axis" } };
  const spec: VariationSpec =
    choice.mode === "repeat" ? { mode: "repeat", count: choice.count } : { mode: "matrix", ...choice.axes };
  const expansion = expandVariations(base, spec);
  return { spec, count: expansion.requests.length, expansion, problem: variationsProblem(expansion) };
}

// The section's inside loads when it is first opened (the form's choice is kept here either way).
const VariationsBody = dynamic(() => import("./variations-body").then((m) => m.VariationsBody), { ssr: false });

export type VariationsProps = {
  choice: VariationChoice;
  onChange: (choice: VariationChoice) => void;
  plan: VariationPlan;
  base: GenerationInput;
  /** The server's word on the variations (an issue at `variations`), shown in place of the preview's. */
  error?: string;
};

export function Variations({ choice, onChange, plan, base, error }: VariationsProps) {
  const t = useTranslations("variations");
  const [open, setOpen] = useState(false);
  const problem = plan.problem;
  // Opens itself to show why Generate will not go (and stays as the user leaves it otherwise).
  useEffect(() => {
    if (error || problem) setOpen(true);
  }, [error, problem]);

  // An axis with one tick follows the form: change the model above and the matrix's model follows.
  const { model, duration, orientation, size } = base;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of the form's values moves a lone tick, not a change of the ticks themselves
  useEffect(() => {
    if (choice.mode !== "matrix") return;
    const now: Partial<Record<VariationAxis, unknown>> = {
      models: model,
      durations: duration,
      orientations: orientation,
      sizes: size,
    };
    let changed = false;
    const axes = { ...choice.axes };
    for (const axis of VARIATION_AXES) {
      const current = axes[axis] as unknown[];
      if (
        current.length === 1 &&
        current[0] !== now[axis] &&
        (AXIS_VALUES[axis] as readonly unknown[]).includes(now[axis])
      ) {
        (axes as Record<VariationAxis, unknown[]>)[axis] = [now[axis]];
        changed = true;
      }
    }
    if (changed) onChange({ ...choice, axes });
  }, [model, duration, orientation, size]);

  return (
    <details
      data-testid="variations"
      className="group rounded-lg border border-zinc-200 dark:border-zinc-800"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="cursor-pointer select-none rounded-lg px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-900">
        {t("section")}{" "}
        <span className="font-normal text-zinc-500 dark:text-zinc-400">
          {choice.mode === "single" ? t("sectionHint") : t("preview.videos", { count: plan.count })}
        </span>
      </summary>
      {open && <VariationsBody choice={choice} onChange={onChange} plan={plan} base={base} error={error} />}
    </details>
  );
}
