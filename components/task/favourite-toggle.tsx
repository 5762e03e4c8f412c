"use client";
import { useTranslations } from "use-intl";
import { useErrorText } from "@/components/i18n/use-error-text";
import { cx } from "@/components/ui/cx";
import { useMayChange } from "@/components/account/current-account";
import { useEditTask } from "@/lib/query/tasks";
import type { Task } from "@/lib/schemas/task";

/** The star: a toggle button (aria-pressed), saved at once; a refusal shows as its tooltip and label. */
export function FavouriteToggle({
  task,
  withLabel = false,
  className,
}: {
  task: Pick<Task, "id" | "favourite" | "ownerId">;
  withLabel?: boolean;
  className?: string;
}) {
  const t = useTranslations("gallery.favourite");
  // Someone else's task shows its star but cannot be starred from here.
  const mayChange = useMayChange(task.ownerId);
  const edit = useEditTask(task.id);
  const errorText = useErrorText();
  const problem = edit.error ? errorText(edit.error) : undefined;
  return (
    <button
      type="button"
      aria-pressed={task.favourite}
      aria-label={withLabel ? undefined : t(task.favourite ? "remove" : "add")}
      title={problem ?? t(task.favourite ? "remove" : "add")}
      disabled={edit.isPending || !mayChange}
      onClick={() => edit.mutate({ favourite: !task.favourite })}
      className={cx(
        "inline-flex items-center gap-1.5 rounded-lg px-2 py-1 text-sm font-medium transition-colors hover:bg-zinc-100 disabled:opacity-60 dark:hover:bg-zinc-800",
        task.favourite ? "text-amber-600 dark:text-amber-400" : "text-zinc-500 dark:text-zinc-400",
        !withLabel && "text-base leading-none",
        className,
      )}
    >
      {withLabel ? (
        <>
          <span aria-hidden="true" className="text-base leading-none">
            {task.favourite ? "★" : "☆"}
          </span>
          <span className="text-zinc-800 dark:text-zinc-100">{t("star")}</span>
        </>
      ) : // On a card the glyph is the button's only content (its aria-label names it): no extra element.
      task.favourite ? (
        "★"
      ) : (
        "☆"
      )}
      {problem && <span className="sr-only">{problem}</span>}
    </button>
  );
}
