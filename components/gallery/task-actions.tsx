"use client";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { FINISHED_STATES, type Task } from "@/lib/schemas/task";
import { DeleteTask } from "../task/delete-task";
import { FavouriteToggle } from "../task/favourite-toggle";

/** A task's own actions on its card and on its list row: favourite, open the details, delete. */
export function TaskActions({
  task,
  onOpen,
  detailsClassName,
}: {
  task: Task;
  onOpen: (id: string) => void;
  detailsClassName?: string;
}) {
  const t = useTranslations("gallery");
  // Started but not finished: the upstream may still finish (and charge for) it, which the confirmation says.
  const unfinished = !FINISHED_STATES.includes(task.state) && task.state !== "queued";
  return (
    <>
      <FavouriteToggle task={task} />
      <Button
        variant="ghost"
        className={detailsClassName}
        onClick={() => onOpen(task.id)}
        aria-label={t("card.detailsFor", { prompt: task.request.prompt.slice(0, 80) })}
      >
        {t("card.details")}
      </Button>
      <DeleteTask taskId={task.id} ownerId={task.ownerId} unfinished={unfinished} />
    </>
  );
}
