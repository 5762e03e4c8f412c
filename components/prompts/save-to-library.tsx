"use client";
import Link from "next/link";
import { useId, useState } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { FieldError, inputClass } from "@/components/ui/field";
import { useErrorText } from "@/components/i18n/use-error-text";
import { useCreatePrompt } from "@/lib/query/prompts";
import { defaultPromptName, PROMPT_NAME_MAX_CHARS, promptSettingsSchema, type PromptSettings } from "@/lib/schemas/prompt";
import { cx } from "@/components/ui/cx";

/** What the composer holds, as far as the library keeps it. */
type Source = { prompt: string; model?: string; size?: string; duration?: string | number; orientation?: string };

/** The settings to keep with the prompt, if they make a valid set (a 25 s sora-2 clash is left out). */
function settingsOf(source: Source): PromptSettings | null {
  if (source.model === undefined) return null;
  const parsed = promptSettingsSchema.safeParse({ model: source.model, size: source.size, duration: Number(source.duration), orientation: source.orientation });
  return parsed.success ? parsed.data : null;
}

/**
 * "Save to library": asks for a name inline (the prompt's first words to start with) and saves
 * the prompt, with its settings when there are any, as a new library prompt. Not a nested form:
 * it lives inside the composer's form, so Enter here saves and never submits a generation.
 */
export function SaveToLibrary({ source, className }: { source: Source; className?: string }) {
  const t = useTranslations("prompts.save");
  const id = useId();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState("");
  const [saved, setSaved] = useState<{ id: string; name: string } | null>(null);
  const create = useCreatePrompt();
  const errorText = useErrorText();
  const text = source.prompt.trim();
  const nameIssue = create.error?.issues.find((i) => i.path === "name")?.message;
  const otherError = create.error && !nameIssue ? (create.error.issues.find((i) => i.path === "text")?.message ?? errorText(create.error)) : undefined;

  const open = () => {
    setSaved(null);
    create.reset();
    setName(defaultPromptName(text));
    setNaming(true);
  };
  const save = () => {
    if (create.isPending) return;
    create.mutate(
      { name, text, settings: settingsOf(source) },
      {
        onSuccess: ({ prompt }) => {
          setSaved({ id: prompt.id, name: prompt.name });
          setNaming(false);
        },
      },
    );
  };

  if (!naming) {
    return (
      <div className={cx("flex flex-wrap items-center gap-2 text-xs", className)}>
        <Button variant="secondary" className="px-2 py-1 text-xs" onClick={open} disabled={text === ""} title={text === "" ? t("needsPrompt") : undefined}>
          {t("button")}
        </Button>
        {saved && (
          <span role="status" className="text-emerald-700 dark:text-emerald-300">
            {t("saved", { name: saved.name })}{" "}
            <Link className="font-medium underline underline-offset-2" href={`/prompts?tab=library&prompt=${encodeURIComponent(saved.id)}`}>
              {t("open")}
            </Link>
          </span>
        )}
      </div>
    );
  }
  return (
    <div className={cx("space-y-1.5 rounded-lg border border-zinc-200 p-2 dark:border-zinc-800", className)}>
      <label htmlFor={`${id}-name`} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {t("nameLabel")}
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id={`${id}-name`}
          className={cx(inputClass, "min-w-0 flex-1 py-1 text-sm")}
          value={name}
          maxLength={PROMPT_NAME_MAX_CHARS}
          autoFocus
          aria-invalid={nameIssue ? true : undefined}
          aria-describedby={nameIssue ? `${id}-error` : undefined}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              save();
            } else if (e.key === "Escape") {
              e.preventDefault();
              setNaming(false);
            }
          }}
        />
        <Button className="px-2.5 py-1 text-xs" onClick={save} disabled={create.isPending}>
          {create.isPending ? t("saving") : t("save")}
        </Button>
        <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setNaming(false)}>
          {t("cancel")}
        </Button>
      </div>
      <FieldError id={`${id}-error`} message={nameIssue} />
      {otherError && (
        <p role="alert" className="text-xs font-medium text-red-700 dark:text-red-300">
          {otherError}
        </p>
      )}
    </div>
  );
}
