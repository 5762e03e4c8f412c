"use client";
import { useTranslations } from "use-intl";
import { Field, inputClass } from "@/components/ui/field";
import { PROMPT_MAX_CHARS } from "@/lib/schemas/rules";
import { useComposerContext } from "../composer-context";

/** The prompt, its recent ones, its length; Ctrl/⌘+Enter submits from it. */
export function PromptSection() {
  const t = useTranslations("composer");
  const { register, setValue, values, errors, recent, onSubmit } = useComposerContext();
  const { prompt } = values;
  return (
    <Field
      id="prompt"
      label={t("prompt.label")}
      error={errors.prompt?.message}
      aside={
        <span className="flex items-center gap-2">
          {recent.length > 0 && (
            <select
              aria-label={t("prompt.recent")}
              value=""
              onChange={(e) =>
                e.target.value && setValue("prompt", e.target.value, { shouldValidate: true, shouldDirty: true })
              }
              className="max-w-[9rem] rounded-md border border-zinc-300 bg-white px-1.5 py-0.5 text-xs text-zinc-700 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300"
            >
              <option value="">{t("prompt.recentPlaceholder")}</option>
              {recent.map((p) => (
                <option key={p} value={p}>
                  {p.length > 60 ? `${p.slice(0, 60)}…` : p}
                </option>
              ))}
            </select>
          )}
          <span
            className={
              prompt.length > PROMPT_MAX_CHARS
                ? "text-xs font-medium text-red-600"
                : "text-xs text-zinc-500 dark:text-zinc-400"
            }
          >
            {t("prompt.counter", { count: prompt.length, max: PROMPT_MAX_CHARS })}
          </span>
        </span>
      }
    >
      <textarea
        id="prompt"
        rows={5}
        placeholder={t("prompt.placeholder")}
        className={`${inputClass} resize-y`}
        aria-invalid={errors.prompt ? true : undefined}
        // The error's id under the field (see components/ui/field.tsx); the prompt has no hint.
        aria-describedby={errors.prompt?.message ? "prompt-error" : undefined}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.metaKey || e.ctrlKey) && !e.repeat) {
            e.preventDefault();
            void onSubmit();
          }
        }}
        {...register("prompt")}
      />
    </Field>
  );
}
