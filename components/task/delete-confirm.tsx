"use client";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { useErrorText } from "@/components/i18n/use-error-text";
import { useDeleteTask } from "@/lib/query/tasks";

/** DeleteTask's inline confirmation: keep, or delete for good (with the reason when it cannot). */
export function DeleteConfirm({
  taskId,
  unfinished,
  onKeep,
}: {
  taskId: string;
  unfinished: boolean;
  onKeep: () => void;
}) {
  const t = useTranslations("gallery.delete");
  const remove = useDeleteTask();
  const errorText = useErrorText();
  return (
    <div
      role="group"
      aria-label={t("confirmLabel")}
      className="flex basis-full flex-wrap items-center gap-2 rounded-lg bg-zinc-100 px-3 py-2 text-xs dark:bg-zinc-800"
    >
      <span className="text-zinc-700 dark:text-zinc-200">
        {t(unfinished ? "confirmUnfinished" : "confirmFinished")}
      </span>
      <span className="ml-auto flex gap-2">
        <Button variant="secondary" className="px-2 py-1 text-xs" onClick={onKeep} autoFocus>
          {t("keep")}
        </Button>
        <Button
          variant="danger"
          className="px-2 py-1 text-xs"
          disabled={remove.isPending}
          onClick={() => remove.mutate(taskId)}
        >
          {t(remove.isPending ? "deleting" : "delete")}
        </Button>
      </span>
      {remove.error && (
        <p role="alert" className="basis-full font-medium text-red-700 dark:text-red-300">
          {errorText(remove.error)}
        </p>
      )}
    </div>
  );
}
