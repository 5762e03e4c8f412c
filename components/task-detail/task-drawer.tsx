"use client";
import { useEffect, useRef } from "react";
import { useTranslations } from "use-intl";
import { ApiError } from "@/lib/query/api";
import { useTask } from "@/lib/query/tasks";
import type { UpstreamInfo } from "@/components/task/request-preview";
import { Button } from "@/components/ui/button";
import { LoadError } from "@/components/ui/load-error";
import { TaskDetail } from "./task-detail";

/**
 * The detail of one task in a modal drawer (a native <dialog>: focus stays inside, Escape closes,
 * focus returns to where it was). Full height on the right on wide screens, the whole screen on
 * narrow ones. It follows the task live, and says so plainly when the task has been deleted.
 */
export function TaskDrawer({
  taskId,
  onClose,
  onOpen,
  upstream,
}: {
  taskId: string | undefined;
  onClose: () => void;
  onOpen: (id: string) => void;
  upstream: UpstreamInfo;
}) {
  const t = useTranslations("detail");
  const dialog = useRef<HTMLDialogElement>(null);
  const query = useTask(taskId);
  // Work to do once the drawer has really closed: closing hands focus back to the opener, so
  // an action that moves focus elsewhere (edit and re-run, to the composer) must come after.
  const afterClose = useRef<(() => void) | undefined>(undefined);
  const closeThen = (after: () => void) => {
    afterClose.current = after;
    onClose();
  };

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (taskId !== undefined && !element.open) element.showModal();
    if (taskId === undefined && element.open) {
      element.close();
      afterClose.current?.();
      afterClose.current = undefined;
    }
  }, [taskId]);

  const gone = query.error instanceof ApiError && query.error.status === 404;
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the click is on the backdrop; Escape closes through onCancel
    <dialog
      ref={dialog}
      aria-labelledby="task-detail-title"
      data-testid="task-drawer"
      // Escape (the "cancel" event) and the close button both go through the URL.
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      // A click on the backdrop (the dialog element itself, outside its panel) closes too.
      onClick={(e) => e.target === e.currentTarget && onClose()}
      className="fixed inset-0 m-0 ml-auto h-dvh max-h-none w-full max-w-2xl overflow-y-auto bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/60 sm:border-l sm:border-zinc-200 dark:bg-zinc-900 dark:text-zinc-100 dark:sm:border-zinc-800"
    >
      {taskId !== undefined && (
        <div className="flex min-h-full flex-col">
          <div className="sticky top-0 z-10 flex items-center justify-between gap-3 border-b border-zinc-200 bg-white/95 px-4 py-3 backdrop-blur sm:px-6 dark:border-zinc-800 dark:bg-zinc-900/95">
            <h2 id="task-detail-title" className="text-base font-semibold">
              {t("title")}
            </h2>
            <Button variant="ghost" className="px-2.5 py-1.5" onClick={onClose} aria-label={t("close")}>
              <span aria-hidden="true">✕</span>
              <span className="hidden sm:inline">{t("closeShort")}</span>
            </Button>
          </div>
          {gone ? (
            <div role="alert" className="m-4 rounded-xl border border-zinc-200 p-6 text-sm sm:m-6 dark:border-zinc-800">
              <p className="font-semibold">{t("gone")}</p>
              <Button variant="secondary" className="mt-3" onClick={onClose}>
                {t("backToGallery")}
              </Button>
            </div>
          ) : query.data ? (
            <TaskDetail task={query.data} upstream={upstream} closeThen={closeThen} onOpen={onOpen} />
          ) : query.error ? (
            <LoadError
              title={t("loadFailed")}
              error={query.error}
              onRetry={() => void query.refetch()}
              className="m-4 sm:m-6"
            />
          ) : (
            <div role="status" className="space-y-3 p-4 sm:p-6" aria-busy="true" aria-label={t("loading")}>
              <div className="shimmer relative aspect-video rounded-xl bg-zinc-200 dark:bg-zinc-800" />
              <div className="h-3 w-2/3 rounded bg-zinc-200 dark:bg-zinc-800" />
              <div className="h-3 w-1/2 rounded bg-zinc-200 dark:bg-zinc-800" />
            </div>
          )}
        </div>
      )}
    </dialog>
  );
}
