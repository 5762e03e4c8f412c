"use client";
import dynamic from "next/dynamic";
import { useTranslations } from "use-intl";
import { formatElapsed } from "@/components/task/task-status";
import { Button } from "@/components/ui/button";
import { lengthOf } from "@/lib/schemas/catalog";
import { useComposerContext } from "../composer-context";

// Team mode only: a single user's page never loads the quota's code.
const QuotaMeter = dynamic(() => import("../quota-meter").then((m) => m.QuotaMeter));

/** The quota (team mode), the usual wait for what the form would make, and Generate. */
export function SubmitBar() {
  const t = useTranslations("composer");
  const tTask = useTranslations("task");
  const tVariations = useTranslations("variations");
  const { values, quotaMeter, estimate, pending, variations } = useComposerContext();
  return (
    <>
      {quotaMeter && <QuotaMeter {...quotaMeter} />}

      <p data-testid="wait-estimate" className="text-xs text-zinc-600 dark:text-zinc-400">
        {estimate
          ? t("estimate.usual", { time: formatElapsed(estimate.ms, tTask), count: estimate.count })
          : t("estimate.none", {
              model: values.model,
              seconds: lengthOf({ model: values.model, duration: Number(values.duration) || undefined }),
            })}
      </p>
      <div className="flex items-center justify-between gap-3">
        <span className="hidden text-xs text-zinc-500 sm:inline dark:text-zinc-400">{t("submit.shortcut")}</span>
        <Button type="submit" disabled={pending} className="w-full sm:w-auto">
          {pending
            ? t("submit.submitting")
            : variations.plan.count > 1
              ? tVariations("generate", { count: variations.plan.count })
              : t("submit.generate")}
        </Button>
      </div>
    </>
  );
}
