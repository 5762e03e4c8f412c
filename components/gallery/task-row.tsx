"use client";
import { useFormatter, useTranslations } from "use-intl";
import type { Task } from "@/lib/schemas/task";
import { cx } from "@/components/ui/cx";
import { downloadProps } from "../task/download-props";
import { SelectForCompare } from "./selection";
import { RunChip } from "./run-chip";
import { TaskActions } from "./task-actions";
import { settingLabels, statusView } from "../task/task-status";

// The list view's line for a task: what, how, when and its state at a glance, compact enough
// to scan hundreds; the card (grid view) has the player and the details.

export function TaskRow({ task, onOpen }: { task: Task; onOpen: (id: string) => void }) {
  const t = useTranslations("gallery");
  const tTask = useTranslations("task");
  const format = useFormatter();
  const status = statusView(task);
  const video = task.videos[0];
  return (
    <article
      aria-labelledby={`row-${task.id}-prompt`}
      data-testid="task-row"
      data-state={task.state}
      className="flex items-center gap-3 rounded-lg border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <span
        className={cx(
          "inline-flex w-20 shrink-0 items-center gap-1 text-xs font-semibold",
          status.tone === "good"
            ? "text-emerald-700 dark:text-emerald-300"
            : status.tone === "bad"
              ? "text-red-700 dark:text-red-300"
              : "text-zinc-700 dark:text-zinc-300",
        )}
      >
        <span aria-hidden="true">{status.symbol}</span>
        {tTask(`status.${status.key}.label`)}
      </span>
      <div className="min-w-0 flex-1">
        <p
          id={`row-${task.id}-prompt`}
          className="truncate text-sm text-zinc-800 dark:text-zinc-200"
          title={task.request.prompt}
        >
          {task.request.prompt}
        </p>
        <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">
          {settingLabels(task.request, tTask).join(" · ")}
          {" · "}
          <time dateTime={task.createdAt} suppressHydrationWarning>
            {format.dateTime(new Date(task.createdAt), { dateStyle: "medium", timeStyle: "short" })}
          </time>
        </p>
      </div>
      <RunChip runId={task.runId} />
      {video && (
        <a
          {...downloadProps(video.url, task)}
          className="shrink-0 text-xs font-medium text-violet-700 hover:underline dark:text-violet-300"
        >
          {t("card.download")}
        </a>
      )}
      <SelectForCompare task={task} />
      <TaskActions task={task} onOpen={onOpen} detailsClassName="shrink-0 px-2 py-1 text-xs" />
    </article>
  );
}
