"use client";
import { useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import { CompactField, FieldFooter, inputClass } from "@/components/ui/field";
import { fieldsOf, type ModelSpec, SEED_MAX, SEED_MIN } from "@/lib/schemas/catalog";
import { useComposerContext } from "../composer-context";
import { TOGGLE_FIELDS, TOGGLES } from "../form-values";

const OPTION_FIELDS = ["negative_prompt", "seed", ...TOGGLE_FIELDS] as const;

/**
 * The options a model has beyond the frame and its images (negative prompt, seed, sound, fixed
 * camera, prompt rewrite, loop), folded away until wanted. Each yes/no option says "model's
 * default" until set, so the studio sends only what the person chose.
 */
export function OptionsSection({ spec }: { spec: ModelSpec }) {
  const t = useTranslations("composer");
  const { register, values, errors } = useComposerContext();
  const fields = new Set(fieldsOf(spec));
  const shown = OPTION_FIELDS.filter((f) => fields.has(f));
  const used = shown.filter((f) => values[f].trim() !== "");
  const failing = shown.some((f) => errors[f]);
  const [open, setOpen] = useState(false);
  // Opens itself when one of its fields is set or wrong (a draft, an edit-and-re-run), never shuts under the user.
  useEffect(() => {
    if (failing || used.length > 0) setOpen(true);
  }, [failing, used.length]);
  if (shown.length === 0) return null;
  const toggles = TOGGLE_FIELDS.filter((f) => fields.has(f));
  return (
    <details
      className="rounded-lg border border-zinc-200 dark:border-zinc-800"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="cursor-pointer select-none rounded-lg px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-900">
        {t("options.section")}{" "}
        <span className="font-normal text-zinc-500 dark:text-zinc-400">
          {used.length > 0 ? t("options.set", { count: used.length }) : t("options.optional")}
        </span>
      </summary>
      <div className="space-y-3 border-t border-zinc-200 p-3 dark:border-zinc-800">
        {toggles.length > 0 && (
          <div className="grid grid-cols-2 gap-3">
            {toggles.map((field) => (
              <CompactField key={field} id={field} label={t(`options.${field}`)}>
                <select
                  id={field}
                  className={`${inputClass} py-1.5`}
                  aria-invalid={errors[field] ? true : undefined}
                  aria-describedby={errors[field] ? `${field}-error` : undefined}
                  {...register(field)}
                >
                  {TOGGLES.map((value) => (
                    <option key={value} value={value}>
                      {t(`options.toggle.${value || "default"}`)}
                    </option>
                  ))}
                </select>
                <FieldFooter id={field} error={errors[field]?.message} />
              </CompactField>
            ))}
          </div>
        )}
        {fields.has("negative_prompt") && (
          <CompactField id="negative_prompt" label={t("options.negative_prompt")}>
            <textarea
              id="negative_prompt"
              rows={2}
              placeholder={t("options.negativePlaceholder")}
              className={`${inputClass} resize-y`}
              aria-invalid={errors.negative_prompt ? true : undefined}
              aria-describedby={errors.negative_prompt ? "negative_prompt-error" : undefined}
              {...register("negative_prompt")}
            />
            <FieldFooter id="negative_prompt" error={errors.negative_prompt?.message} />
          </CompactField>
        )}
        {fields.has("seed") && (
          <CompactField id="seed" label={t("options.seed")}>
            <input
              id="seed"
              type="text"
              inputMode="numeric"
              placeholder={t("options.seedPlaceholder", { min: SEED_MIN, max: SEED_MAX })}
              className={`${inputClass} w-48`}
              aria-invalid={errors.seed ? true : undefined}
              aria-describedby={errors.seed ? "seed-error" : undefined}
              {...register("seed")}
            />
            <FieldFooter id="seed" error={errors.seed?.message} />
          </CompactField>
        )}
      </div>
    </details>
  );
}
