import * as z from "zod/mini";
import { lengthOf } from "./catalog";
import { SIZES, type Size } from "./rules";

// Quotas in team mode: how many seconds of video an account may generate per UTC day and month,
// how many of its tasks may be unfinished at once, whether it may use sora-2-pro, and the largest
// size. The team sets defaults; an admin may override any field for one account. The same rule
// (quotaProblem) words the composer's warning before a submit and the server's refusal at it.

// zod/mini, as every schema the studio page loads: it never compiles code (the page's CSP has no 'unsafe-eval').
const seconds = z.int().check(z.gte(0), z.lte(10_000_000));

const limitsShape = {
  /** null: no limit. */
  secondsPerDay: z.nullable(seconds),
  secondsPerMonth: z.nullable(seconds),
  concurrent: z.nullable(z.int().check(z.gte(0), z.lte(1000))),
  allowPro: z.boolean(),
  maxSize: z.enum(SIZES),
};

export const quotaLimitsSchema = z.strictObject(limitsShape);
export type QuotaLimits = z.infer<typeof quotaLimitsSchema>;

/** One account's overrides: a field left out follows the team default. */
export const quotaOverrideSchema = z.strictObject({
  secondsPerDay: z.optional(limitsShape.secondsPerDay),
  secondsPerMonth: z.optional(limitsShape.secondsPerMonth),
  concurrent: z.optional(limitsShape.concurrent),
  allowPro: z.optional(limitsShape.allowPro),
  maxSize: z.optional(limitsShape.maxSize),
});
export type QuotaOverride = z.infer<typeof quotaOverrideSchema>;

export const UNLIMITED: QuotaLimits = {
  secondsPerDay: null,
  secondsPerMonth: null,
  concurrent: null,
  allowPro: true,
  maxSize: "large",
};

export const isUnlimited = (limits: QuotaLimits) =>
  limits.secondsPerDay === null &&
  limits.secondsPerMonth === null &&
  limits.concurrent === null &&
  limits.allowPro &&
  limits.maxSize === "large";

export type QuotaUsage = {
  /** Generated seconds charged this UTC day and month (refunds excluded). */
  secondsToday: number;
  secondsThisMonth: number;
  /** The account's tasks not finished yet. */
  active: number;
};

export type QuotaStatus = { limits: QuotaLimits; usage: QuotaUsage };

export type QuotaProblem = {
  code: "quota_model" | "quota_size" | "quota_concurrent" | "quota_day" | "quota_month";
  /** The request field it is about, when there is one. */
  path?: "model" | "size";
  /** The numbers in the message, for a translation of it (messages/<locale>/quota.json `problem.<code>`). */
  values: Record<string, string | number>;
  message: string;
};

/** What the quota looks at in a request. */
/** What the quota looks at in a request: its model, size tier and length (catalog.ts reads them). */
export type QuotaWanted = { model: string; size?: string; duration?: number };
type Wanted = QuotaWanted;

const SIZE_RANK: Record<Size, number> = { small: 0, large: 1 };

/** Seconds of video these requests make. */
export const secondsOf = (wanted: readonly Wanted[]) => wanted.reduce((sum, w) => sum + lengthOf(w), 0);

/** Why these requests (one submit: a video or a run of variations) may not go, or null. */
export function quotaProblem(limits: QuotaLimits, usage: QuotaUsage, wanted: readonly Wanted[]): QuotaProblem | null {
  if (!limits.allowPro && wanted.some((w) => w.model === "sora-2-pro")) {
    return {
      code: "quota_model",
      path: "model",
      values: {},
      message: "Your account may not use sora-2-pro. Pick sora-2, or ask an admin of the studio.",
    };
  }
  if (wanted.some((w) => w.size !== undefined && (SIZE_RANK[w.size as Size] ?? 0) > SIZE_RANK[limits.maxSize])) {
    const values = { maxSize: limits.maxSize };
    return {
      code: "quota_size",
      path: "size",
      values,
      message: `Your account may make ${limits.maxSize} videos at most. Pick a smaller size, or ask an admin of the studio.`,
    };
  }
  if (limits.concurrent !== null && usage.active + wanted.length > limits.concurrent) {
    const values = { limit: limits.concurrent, active: usage.active, adding: wanted.length };
    return {
      code: "quota_concurrent",
      values,
      message: `You may have ${limits.concurrent} video${limits.concurrent === 1 ? "" : "s"} in progress at once and have ${usage.active}; this would add ${wanted.length}. Wait for one to finish.`,
    };
  }
  const need = secondsOf(wanted);
  if (limits.secondsPerDay !== null && usage.secondsToday + need > limits.secondsPerDay) {
    const values = { need, left: Math.max(0, limits.secondsPerDay - usage.secondsToday), limit: limits.secondsPerDay };
    return {
      code: "quota_day",
      values,
      message: `This needs ${need} s of video and you have ${values.left} s left today (of ${values.limit} s). The day resets at midnight UTC.`,
    };
  }
  if (limits.secondsPerMonth !== null && usage.secondsThisMonth + need > limits.secondsPerMonth) {
    const values = {
      need,
      left: Math.max(0, limits.secondsPerMonth - usage.secondsThisMonth),
      limit: limits.secondsPerMonth,
    };
    return {
      code: "quota_month",
      values,
      message: `This needs ${need} s of video and you have ${values.left} s left this month (of ${values.limit} s).`,
    };
  }
  return null;
}

/** The team default with one account's overrides on top. */
export const effectiveLimits = (defaults: QuotaLimits, override: QuotaOverride): QuotaLimits => ({
  ...defaults,
  ...override,
});
