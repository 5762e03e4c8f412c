"use client";
import { useId, useState } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { FieldError, inputClass } from "@/components/ui/field";
import { useErrorText, useIssueText } from "@/components/i18n/use-error-text";
import { useCreatePrompt } from "@/lib/query/prompts";
import {
  defaultPromptName,
  PROMPT_NAME_MAX_CHARS,
  promptSettingsSchema,
  type PromptSettings,
} from "@/lib/schemas/prompt";
import { cx } from "@/components/ui/cx";
import type { LibrarySource } from "./save-to-library";

/** The settings to keep with the prompt, if they make a valid set (a 25 s sora-2 clash is left out). */
function settingsOf(source: LibrarySource): PromptSettings | null {
  if (source.model === undefined) return null;
  const parsed = promptSettingsSchema.safeParse({
    model: source.model,
    size: source.size,
    duration: Number(source.duration),
    orientation: source.orientation,
  });
  return parsed.success ? parsed.data : null;
}

/** The inline naming form of "Save to library" (loaded when first opened). */
export function SaveToLibraryForm({
  source,
  className,
  onSaved,
  onCancel,
}: {
  source: LibrarySource;
  className?: string;
  onSaved: (saved: { id: string; name: string }) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("prompts.save");
  const id = useId();
  const text = source.prompt.trim();
  const [name, setName] = useState(() => defaultPromptName(text));
  const create = useCreatePrompt();
  const errorText = useErrorText();
  const issueText = useIssueText();
  const nameIssue = issueText(create.error, "name");
  const otherError =
    create.error && !nameIssue ? (issueText(create.error, "text") ?? errorText(create.error)) : undefined;
  const save = () => {
    if (create.isPending) return;
    create.mutate(
      { name, text, settings: settingsOf(source) },
      { onSuccess: ({ prompt }) => onSaved({ id: prompt.id, name: prompt.name }) },
    );
  };
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
              onCancel();
            }
          }}
        />
        <Button className="px-2.5 py-1 text-xs" onClick={save} disabled={create.isPending}>
          {create.isPending ? t("saving") : t("save")}
        </Button>
        <Button variant="ghost" className="px-2 py-1 text-xs" onClick={onCancel}>
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
