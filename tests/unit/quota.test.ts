import { describe, expect, it } from "vitest";
import {
  effectiveLimits,
  isUnlimited,
  quotaLimitsSchema,
  quotaOverrideSchema,
  quotaProblem,
  UNLIMITED,
  type QuotaLimits,
  type QuotaUsage,
} from "@/lib/schemas/quota";

// The one rule behind the composer's warning and the server's refusal at submit.

const video = { model: "sora-2", size: "small", duration: 10 } as const;
const none: QuotaUsage = { secondsToday: 0, secondsThisMonth: 0, active: 0 };
const limits = (over: Partial<QuotaLimits>): QuotaLimits => ({ ...UNLIMITED, ...over });

describe("quotaProblem", () => {
  it("lets anything through with no limits", () => {
    expect(
      quotaProblem(UNLIMITED, { secondsToday: 1e6, secondsThisMonth: 1e6, active: 500 }, [
        { ...video, model: "sora-2-pro", size: "large", duration: 25 },
      ]),
    ).toBeNull();
  });

  it("refuses sora-2-pro at the model field when the account may not use it", () => {
    const problem = quotaProblem(limits({ allowPro: false }), none, [video, { ...video, model: "sora-2-pro" }]);
    expect(problem).toMatchObject({ code: "quota_model", path: "model" });
    expect(quotaProblem(limits({ allowPro: false }), none, [video])).toBeNull();
  });

  it("refuses a size above the account's largest at the size field", () => {
    expect(quotaProblem(limits({ maxSize: "small" }), none, [{ ...video, size: "large" }])).toMatchObject({
      code: "quota_size",
      path: "size",
      values: { maxSize: "small" },
    });
    expect(quotaProblem(limits({ maxSize: "small" }), none, [video])).toBeNull();
    expect(quotaProblem(limits({ maxSize: "large" }), none, [{ ...video, size: "large" }])).toBeNull();
  });

  it("counts every video of a submit against the tasks in progress, up to the limit exactly", () => {
    const at3 = limits({ concurrent: 3 });
    expect(quotaProblem(at3, { ...none, active: 2 }, [video])).toBeNull();
    expect(quotaProblem(at3, { ...none, active: 3 }, [video])).toMatchObject({
      code: "quota_concurrent",
      values: { limit: 3, active: 3, adding: 1 },
    });
    expect(quotaProblem(at3, { ...none, active: 1 }, [video, video, video])).toMatchObject({
      code: "quota_concurrent",
    });
    expect(quotaProblem(limits({ concurrent: 0 }), none, [video])?.message).toMatch(/0 videos in progress/);
    expect(quotaProblem(limits({ concurrent: 1 }), { ...none, active: 1 }, [video])?.message).toMatch(
      /1 video in progress/,
    );
  });

  it("sums the seconds of a submit against what is left today, then this month", () => {
    const day = limits({ secondsPerDay: 30 });
    expect(quotaProblem(day, { ...none, secondsToday: 20 }, [video])).toBeNull();
    expect(quotaProblem(day, { ...none, secondsToday: 21 }, [video])).toMatchObject({
      code: "quota_day",
      values: { need: 10, left: 9, limit: 30 },
    });
    expect(quotaProblem(day, none, [video, video, { ...video, duration: 15 }])).toMatchObject({
      code: "quota_day",
      values: { need: 35, left: 30 },
    });
    // Used past the limit (the limit was lowered): nothing is left, never a negative amount.
    expect(quotaProblem(day, { ...none, secondsToday: 50 }, [video])?.values.left).toBe(0);
    const month = limits({ secondsPerMonth: 100 });
    expect(quotaProblem(month, { ...none, secondsThisMonth: 95 }, [video])).toMatchObject({
      code: "quota_month",
      values: { left: 5 },
    });
    expect(quotaProblem(month, { ...none, secondsThisMonth: 90 }, [video])).toBeNull();
  });

  it("says the first rule broken: model and size before counts, the day before the month", () => {
    const strict = limits({ allowPro: false, maxSize: "small", concurrent: 0, secondsPerDay: 0, secondsPerMonth: 0 });
    expect(quotaProblem(strict, none, [{ ...video, model: "sora-2-pro", size: "large" }])?.code).toBe("quota_model");
    expect(quotaProblem(strict, none, [{ ...video, size: "large" }])?.code).toBe("quota_size");
    expect(quotaProblem(strict, none, [video])?.code).toBe("quota_concurrent");
    expect(quotaProblem({ ...strict, concurrent: null }, none, [video])?.code).toBe("quota_day");
    expect(quotaProblem({ ...strict, concurrent: null, secondsPerDay: null }, none, [video])?.code).toBe("quota_month");
  });
});

describe("limits", () => {
  it("puts an account's overrides over the team default, field by field", () => {
    const team = limits({ secondsPerDay: 60, allowPro: false });
    expect(effectiveLimits(team, {})).toEqual(team);
    expect(effectiveLimits(team, { secondsPerDay: null, concurrent: 2 })).toEqual({
      ...team,
      secondsPerDay: null,
      concurrent: 2,
    });
    expect(isUnlimited(effectiveLimits(team, { secondsPerDay: null, allowPro: true }))).toBe(true);
  });

  it("accepts whole numbers of 0 or more and null, and refuses anything else by its field", () => {
    expect(quotaLimitsSchema.safeParse(limits({ secondsPerDay: 0 })).success).toBe(true);
    for (const bad of [-1, 1.5, "10", Number.NaN]) {
      const parsed = quotaLimitsSchema.safeParse({ ...UNLIMITED, secondsPerDay: bad });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(["secondsPerDay"]);
    }
    expect(quotaOverrideSchema.safeParse({ perWeek: 3 }).success).toBe(false);
    expect(quotaLimitsSchema.safeParse({ ...UNLIMITED, maxSize: "huge" }).success).toBe(false);
  });
});
