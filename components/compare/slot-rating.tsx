"use client";
import { useId } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { ErrorAlert } from "@/components/ui/error-alert";
import { StarRating } from "@/components/ui/star-rating";
import { useEditTask } from "@/lib/query/tasks";
import type { Task } from "@/lib/schemas/task";

// Under each compared video: its 1–5 stars, and "Pick as winner" (5 stars and a favourite).
// Saved at once through PATCH /api/tasks/:id; the gallery shows the stars on the card.

export function SlotRating({ task, letter }: { task: Task; letter: string }) {
  const t = useTranslations("compare.rating");
  const edit = useEditTask(task.id);
  const hintId = useId();
  const winner = task.rating === 5 && task.favourite;
  return (
    <div className="mt-auto flex flex-wrap items-center gap-x-3 gap-y-2 border-t border-zinc-200 px-3 py-2 dark:border-zinc-800">
      <StarRating label={t("label", { letter })} value={task.rating} onChange={(rating) => edit.mutate({ rating })} />
      {winner ? (
        <span className="text-xs font-semibold text-amber-800 dark:text-amber-300">
          <span aria-hidden="true">★ </span>
          {t("isWinner")}
        </span>
      ) : (
        <Button
          variant="secondary"
          className="px-2 py-1 text-xs"
          aria-describedby={hintId}
          onClick={() => edit.mutate({ rating: 5, favourite: true })}
        >
          {t("winner")}
        </Button>
      )}
      {!winner && (
        <span id={hintId} className="text-xs text-zinc-600 dark:text-zinc-400">
          {t("winnerHint")}
        </span>
      )}
      <span aria-live="polite" className="text-xs text-zinc-600 dark:text-zinc-400">
        {edit.isPending ? t("saving") : null}
      </span>
      <ErrorAlert error={edit.error} className="basis-full text-xs font-medium" />
    </div>
  );
}
