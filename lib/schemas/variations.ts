// zod/mini: the composer previews a batch with exactly the code the server expands it with.
import * as z from "zod/mini";
import { generationSchema, type GenerationInput } from "./generation";
import { DURATIONS, MODELS, ORIENTATIONS, SIZES } from "./rules";

// Variations: one composer submission that becomes several tasks, either the same request N
// times or every combination of chosen models × durations × orientations × sizes. Which
// combinations are valid is the generation schema's call alone (the 25 s rule and whatever
// comes next), so this file never restates a rule: it builds each combination and asks.

/** The most videos one run may make: a batch is paid for, so a slip of the mouse must stay small. */
export const VARIATIONS_MAX = 12;
export const REPEAT_MAX = 4;

/** The axes a matrix may vary, in the order they nest (the first changes slowest). */
export const VARIATION_AXES = ["models", "durations", "orientations", "sizes"] as const;
export type VariationAxis = (typeof VARIATION_AXES)[number];

/** Each axis's request field and its values in their canonical order. */
export const AXIS_FIELDS = {
  models: { field: "model", values: MODELS },
  durations: { field: "duration", values: DURATIONS },
  orientations: { field: "orientation", values: ORIENTATIONS },
  sizes: { field: "size", values: SIZES },
} as const;

/** A non-empty, duplicate-free list of an axis's values. */
function axis<T extends z.core.SomeType>(name: string, item: T) {
  return z.optional(
    z.array(item).check(
      z.minLength(1, { error: `${name}: pick at least one, or leave the axis out` }),
      z.refine((values) => new Set(values as unknown[]).size === values.length, {
        error: `${name}: each value at most once`,
      }),
    ),
  );
}

export const variationSpecSchema = z.discriminatedUnion(
  "mode",
  [
    z.strictObject({
      mode: z.literal("repeat"),
      count: z
        .number()
        .check(
          z.int({ error: "count must be a whole number" }),
          z.gte(1, { error: "count is at least 1" }),
          z.lte(REPEAT_MAX, { error: `count is at most ${REPEAT_MAX}` }),
        ),
    }),
    z.strictObject({
      mode: z.literal("matrix"),
      models: axis("models", z.enum(MODELS, { error: `Each model must be one of ${MODELS.join(", ")}` })),
      durations: axis(
        "durations",
        z.literal(DURATIONS, { error: `Each duration must be one of ${DURATIONS.join(", ")}` }),
      ),
      orientations: axis(
        "orientations",
        z.enum(ORIENTATIONS, { error: `Each orientation must be one of ${ORIENTATIONS.join(", ")}` }),
      ),
      sizes: axis("sizes", z.enum(SIZES, { error: `Each size must be one of ${SIZES.join(", ")}` })),
    }),
  ],
  {
    error:
      'variations must be { mode: "repeat", count } or { mode: "matrix", models?, durations?, orientations?, sizes? }',
  },
);

export type VariationSpec = z.output<typeof variationSpecSchema>;

/**
 * POST /api/runs: the base request, checked exactly as POST /api/videos checks one (its issues
 * named under `request.`), and the variations to make of it.
 */
export const runBodySchema = z.strictObject({
  request: generationSchema,
  variations: variationSpecSchema,
});
export type RunBody = z.output<typeof runBodySchema>;

/** Why the schema refuses a combination: its English sentence, and the issue itself for translation. */
export type SkipReason = { message: string; issue: z.core.$ZodIssue };
export type Expansion<R> = { requests: R[]; skipped: { request: R; reason: SkipReason }[] };

const issueKey = (issue: z.core.$ZodIssue) => `${issue.path.join(".")}\u0000${issue.message}`;

/**
 * The requests a spec makes from a base request, in a fixed order: repeats in sequence; a matrix
 * by models, then durations, orientations and sizes, each in its canonical order (not the order
 * they were ticked). A combination the generation schema refuses is skipped with its reason.
 *
 * The base is normally a valid request (the server's case). The composer also previews a draft
 * that is still invalid (an empty prompt): only problems the combination adds count against it.
 */
export function expandVariations<R extends GenerationInput>(base: R, spec: VariationSpec): Expansion<R> {
  if (spec.mode === "repeat") return { requests: Array.from({ length: spec.count }, () => ({ ...base })), skipped: [] };
  const valuesOf = (name: VariationAxis): readonly unknown[] => {
    const chosen = spec[name] as readonly unknown[] | undefined;
    if (chosen === undefined) return [base[AXIS_FIELDS[name].field]];
    return (AXIS_FIELDS[name].values as readonly unknown[]).filter((value) => chosen.includes(value));
  };
  let combinations: R[] = [{ ...base }];
  for (const name of VARIATION_AXES) {
    const field = AXIS_FIELDS[name].field;
    combinations = combinations.flatMap((partial) => valuesOf(name).map((value) => ({ ...partial, [field]: value })));
  }
  const baseParse = generationSchema.safeParse(base);
  const baseIssues = new Set(baseParse.success ? [] : baseParse.error.issues.map(issueKey));
  const out: Expansion<R> = { requests: [], skipped: [] };
  for (const request of combinations) {
    const parsed = generationSchema.safeParse(request);
    const added = parsed.success ? undefined : parsed.error.issues.find((issue) => !baseIssues.has(issueKey(issue)));
    if (added) out.skipped.push({ request, reason: { message: added.message, issue: added } });
    else out.requests.push(request);
  }
  return out;
}

/** What stops a run from being submitted: too many videos, or no valid one at all. */
export type VariationsProblem = { code: "too_many"; count: number; max: number } | { code: "none_valid" };

export function variationsProblem(expansion: Expansion<unknown>): VariationsProblem | undefined {
  const count = expansion.requests.length;
  if (count > VARIATIONS_MAX) return { code: "too_many", count, max: VARIATIONS_MAX };
  if (count === 0) return { code: "none_valid" };
  return undefined;
}

/** How many values each matrix axis contributes (an omitted axis counts 1), for "2 models × 3 durations". */
export function axisCounts(spec: VariationSpec): Record<VariationAxis, number> {
  const counts = { models: 1, durations: 1, orientations: 1, sizes: 1 };
  if (spec.mode === "matrix") for (const name of VARIATION_AXES) counts[name] = spec[name]?.length ?? 1;
  return counts;
}
