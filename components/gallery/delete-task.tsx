"use client";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { useErrorText } from "@/components/i18n/use-error-text";
import { useMayChange } from "@/components/account/current-account";
import { useDeleteTask } from "@/lib/query/tasks";

/** "Delete" with an inline confirmation (no browser dialog), and the reason when it cannot. */
export function DeleteTask({ taskId, ownerId, unfinished }: { taskId: string; ownerId: string | null; unfinished: boolean }) {
  const t = useTranslations("gallery.delete");
  const [asking, setAsking] = useState(false);
  const remove = useDeleteTask();
  const errorText = useErrorText();
  // Only its owner or an admin may delete a task (the server says the same).
  if (!useMayChange(ownerId)) return null;
  if (!asking) {
    return (
      <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setAsking(true)}>
        {t("delete")}
      </Button>
    );
  }
  return (
    <div role="group" aria-label={t("confirmLabel")} className="flex basis-full flex-wrap items-center gap-2 rounded-lg bg-zinc-100 px-3 py-2 text-xs dark:bg-zinc-800">
      <span className="text-zinc-700 dark:text-zinc-200">
        {t(unfinished ? "confirmUnfinished" : "confirmFinished")}
      </span>
      <span className="ml-auto flex gap-2">
        <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setAsking(false)} autoFocus>
          {t("keep")}
        </Button>
        <Button variant="danger" className="px-2 py-1 text-xs" disabled={remove.isPending} onClick={() => remove.mutate(taskId)}>
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
