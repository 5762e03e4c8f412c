"use client";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { DURATIONS, LONG_DURATION, LONG_DURATION_MODEL, durationsFor } from "@/lib/schemas/rules";
import type { ComposerValues } from "../form-values";
import { useComposerContext } from "../composer-context";
import { ComposerChoice } from "./composer-choice";

/** The longest duration a model makes. */
function longestFor(model: ComposerValues["model"]): number {
  return Math.max(...durationsFor(model));
}

/** The durations the model allows, and the clash with both fixes when the chosen one is not among them. */
export function DurationSection() {
  const t = useTranslations("composer");
  const { setValue, values } = useComposerContext();
  const { model } = values;
  const allowed = durationsFor(model);
  const duration = Number(values.duration);
  const conflict = !allowed.some((d) => d === duration) && DURATIONS.some((d) => d === duration);
  const choices = DURATIONS.map((d) => ({
    value: String(d),
    label: t("duration.choice", { seconds: d }),
    // The user's own choice is never disabled under them (the form would silently drop it):
    // it stays selected, flagged as a conflict with its fixes.
    disabled: !allowed.includes(d) && values.duration !== String(d),
    disabledReason: !allowed.includes(d)
      ? t("duration.needsModel", { seconds: LONG_DURATION, model: LONG_DURATION_MODEL })
      : undefined,
  }));
  return (
    <>
      <ComposerChoice name="duration" choices={choices} />
      {conflict && (
        // Switching model never changes another choice behind the user's back: the clash is shown with both fixes.
        <div
          role="group"
          aria-label={t("conflict.label")}
          className="-mt-3 flex flex-wrap items-center gap-2 rounded-lg bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:bg-amber-950/50 dark:text-amber-200"
        >
          <span className="basis-full">
            {t("conflict.text", {
              seconds: duration,
              longModel: LONG_DURATION_MODEL,
              model,
              longest: longestFor(model),
            })}
          </span>
          <Button
            variant="secondary"
            className="px-2 py-1 text-xs"
            onClick={() => setValue("duration", String(longestFor(model)), { shouldValidate: true })}
          >
            {t("conflict.useDuration", { seconds: longestFor(model) })}
          </Button>
          <Button
            variant="secondary"
            className="px-2 py-1 text-xs"
            onClick={() => setValue("model", LONG_DURATION_MODEL, { shouldValidate: true })}
          >
            {t("conflict.useModel", { model: LONG_DURATION_MODEL })}
          </Button>
        </div>
      )}
    </>
  );
}
