"use client";
import { useTranslations } from "use-intl";
import { ConfirmBar } from "@/components/ui/confirm-bar";
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
  return (
    <ConfirmBar
      label={t("confirmLabel")}
      message={t(unfinished ? "confirmUnfinished" : "confirmFinished")}
      keepLabel={t("keep")}
      confirmLabel={t(remove.isPending ? "deleting" : "delete")}
      busy={remove.isPending}
      error={remove.error}
      onKeep={onKeep}
      onConfirm={() => remove.mutate(taskId)}
      className="basis-full text-xs"
      messageClassName="text-zinc-700 dark:text-zinc-200"
    />
  );
}
