"use client";
import { useTranslations } from "use-intl";
import { FieldFooter, inputClass } from "@/components/ui/field";
import type { ModelSpec } from "@/lib/schemas/catalog";
import { useComposerContext } from "../composer-context";
import { ComposerChoice } from "./composer-choice";

/** The length of a clip for a model of the other services: fixed (said so), a few choices, or any in a range. */
export function LengthSection({ spec }: { spec: ModelSpec }) {
  const t = useTranslations("composer");
  const { register, setValue, values, errors } = useComposerContext();
  const d = spec.duration;
  if (d.kind === "fixed") {
    return (
      <div className="space-y-1">
        <p className="text-sm font-medium text-zinc-800 dark:text-zinc-200">{t("duration.legend")}</p>
        <p data-testid="fixed-length" className="text-sm text-zinc-700 dark:text-zinc-300">
          {t("duration.fixed", { seconds: d.seconds, model: spec.id })}
        </p>
      </div>
    );
  }
  if (d.kind === "choices")
    return (
      <ComposerChoice
        name="duration"
        choices={d.values.map((s) => ({ value: String(s), label: t("duration.choice", { seconds: s }) }))}
      />
    );
  const automatic = values.duration === "-1";
  const error = errors.duration?.message;
  return (
    <div className="space-y-1.5">
      <label htmlFor="duration" className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {t("duration.legend")}
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <input
          id="duration"
          type="number"
          inputMode="numeric"
          min={d.min}
          max={d.max}
          step={1}
          disabled={automatic}
          className={`${inputClass} w-24`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "duration-error" : "duration-hint"}
          {...register("duration")}
        />
        {d.auto && (
          <label className="flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
            <input
              type="checkbox"
              checked={automatic}
              onChange={(e) =>
                setValue("duration", e.target.checked ? "-1" : String(spec.defaultDuration ?? d.min), {
                  shouldValidate: true,
                  shouldDirty: true,
                })
              }
              className="h-4 w-4 accent-violet-600"
            />
            {t("duration.automatic")}
          </label>
        )}
      </div>
      <FieldFooter id="duration" hint={t("duration.range", { min: d.min, max: d.max })} error={error} />
    </div>
  );
}
