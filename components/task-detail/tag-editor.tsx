"use client";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "@/components/i18n/use-error-text";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { useEditTask } from "@/lib/query/tasks";
import type { Task } from "@/lib/schemas/task";
import { normalizeTag } from "@/lib/schemas/rules";
import { TAGS_MAX, taskEditSchema } from "@/lib/schemas/task-edit";

/**
 * A task's tags as removable chips and a field that adds them: Enter or a comma adds what was
 * typed, Backspace in the empty field removes the last. Each change is saved at once; the
 * server's normalised list (lower-case, distinct, sorted) is what shows.
 */
export function TagEditor({ task }: { task: Task }) {
  const t = useTranslations("detail.tags");
  const edit = useEditTask(task.id);
  const errorText = useErrorText();
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const save = (tags: string[]) => {
    // The shared schema judges first, so a bad tag is named here without a round trip.
    const checked = taskEditSchema.safeParse({ tags });
    if (!checked.success) return setProblem(checked.error.issues[0]?.message ?? t("invalid"));
    setProblem(null);
    edit.mutate({ tags }, { onError: (error) => setProblem(errorText(error)) });
  };
  const add = (text = draft) => {
    const fresh = text
      .split(",")
      .map(normalizeTag)
      .filter((tag) => tag !== "" && !task.tags.includes(tag));
    setDraft("");
    if (fresh.length > 0) save([...task.tags, ...fresh]);
  };

  return (
    <div className="space-y-2">
      <label htmlFor={`tags-${task.id}`} className="block text-sm font-medium">
        {t("label")}
      </label>
      {task.tags.length > 0 && (
        <ul className="flex flex-wrap gap-1.5" aria-label={t("current")} data-testid="detail-tags">
          {task.tags.map((tag) => (
            <li
              key={tag}
              className="inline-flex items-center gap-1 rounded-full bg-violet-100 py-0.5 pl-2.5 pr-1 text-xs font-medium text-violet-900 dark:bg-violet-900/40 dark:text-violet-100"
            >
              {tag}
              <button
                type="button"
                className="rounded-full px-1 hover:bg-violet-200 dark:hover:bg-violet-800"
                aria-label={t("remove", { tag })}
                disabled={edit.isPending}
                onClick={() => save(task.tags.filter((other) => other !== tag))}
              >
                <span aria-hidden="true">✕</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex gap-2">
        <input
          id={`tags-${task.id}`}
          value={draft}
          placeholder={t("placeholder")}
          className={inputClass}
          aria-describedby={problem ? `tags-${task.id}-error` : `tags-${task.id}-hint`}
          aria-invalid={problem ? true : undefined}
          disabled={task.tags.length >= TAGS_MAX}
          onChange={(e) => {
            setProblem(null);
            const value = e.target.value;
            // A comma ends a tag, as Enter does (a pasted "a, b, c" adds all three).
            if (value.includes(",")) add(value);
            else setDraft(value);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            } else if (e.key === "Backspace" && draft === "" && task.tags.length > 0) {
              save(task.tags.slice(0, -1));
            }
          }}
        />
        <Button variant="secondary" onClick={() => add()} disabled={draft.trim() === "" || edit.isPending}>
          {t("add")}
        </Button>
      </div>
      {problem ? (
        <p id={`tags-${task.id}-error`} role="alert" className="text-xs font-medium text-red-700 dark:text-red-300">
          {problem}
        </p>
      ) : (
        <p id={`tags-${task.id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {t("hint", { max: TAGS_MAX })}
        </p>
      )}
    </div>
  );
}
