"use client";
import { useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "@/components/i18n/use-error-text";
import { inputClass } from "@/components/ui/field";
import { useEditTask } from "@/lib/query/tasks";
import type { Task } from "@/lib/schemas/task";
import { NOTES_MAX_CHARS } from "@/lib/schemas/task-edit";

/** How long typing must pause before the notes are saved. */
const SAVE_AFTER_MS = 800;

/**
 * Free notes on a task, saved as the person types (after a pause, and on leaving the field),
 * with the save's state next to the label. A note changed in another tab shows here unless
 * this field holds unsaved typing.
 */
export function NotesEditor({ task }: { task: Task }) {
  const t = useTranslations("detail.notes");
  const edit = useEditTask(task.id);
  const errorText = useErrorText();
  const [text, setText] = useState(task.notes);
  const [saved, setSaved] = useState(task.notes);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const dirty = text !== saved;

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change from outside matters here; typing is handled below
  useEffect(() => {
    if (!dirty) {
      setText(task.notes);
      setSaved(task.notes);
    }
  }, [task.notes]);

  const save = (value: string) => {
    clearTimeout(timer.current);
    if (value === saved || value.length > NOTES_MAX_CHARS) return;
    edit.mutate({ notes: value }, { onSuccess: ({ task: stored }) => setSaved(stored.notes) });
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  const tooLong = text.length > NOTES_MAX_CHARS;
  const state = tooLong
    ? t("tooLong", { max: NOTES_MAX_CHARS })
    : edit.isError && dirty
      ? errorText(edit.error)
      : edit.isPending
        ? t("saving")
        : dirty
          ? t("unsaved")
          : saved
            ? t("saved")
            : "";
  return (
    <div className="space-y-1.5">
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={`notes-${task.id}`} className="text-sm font-medium">
          {t("label")}
        </label>
        <span
          role="status"
          data-testid="notes-state"
          className={
            tooLong || (edit.isError && dirty)
              ? "text-xs font-medium text-red-700 dark:text-red-300"
              : "text-xs text-zinc-500 dark:text-zinc-400"
          }
        >
          {state}
        </span>
      </div>
      <textarea
        id={`notes-${task.id}`}
        rows={3}
        value={text}
        placeholder={t("placeholder")}
        className={`${inputClass} resize-y`}
        aria-invalid={tooLong ? true : undefined}
        onChange={(e) => {
          const value = e.target.value;
          setText(value);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => save(value), SAVE_AFTER_MS);
        }}
        onBlur={() => save(text)}
      />
      <p className="text-right text-xs text-zinc-500 dark:text-zinc-400">
        {t("counter", { count: text.length, max: NOTES_MAX_CHARS })}
      </p>
    </div>
  );
}
