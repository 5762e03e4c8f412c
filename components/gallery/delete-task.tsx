"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useDeleteTask } from "@/lib/query/tasks";

/** "Delete" with an inline confirmation (no browser dialog), and the reason when it cannot. */
export function DeleteTask({ taskId, unfinished }: { taskId: string; unfinished: boolean }) {
  const [asking, setAsking] = useState(false);
  const remove = useDeleteTask();
  if (!asking) {
    return (
      <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setAsking(true)}>
        Delete
      </Button>
    );
  }
  return (
    <div role="group" aria-label="Confirm delete" className="flex basis-full flex-wrap items-center gap-2 rounded-lg bg-zinc-100 px-3 py-2 text-xs dark:bg-zinc-800">
      <span className="text-zinc-700 dark:text-zinc-200">
        {unfinished ? "Stop following this task and delete it? AceData may still finish (and charge for) it." : "Delete this video and its archived copy?"}
      </span>
      <span className="ml-auto flex gap-2">
        <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setAsking(false)} autoFocus>
          Keep
        </Button>
        <Button variant="danger" className="px-2 py-1 text-xs" disabled={remove.isPending} onClick={() => remove.mutate(taskId)}>
          {remove.isPending ? "Deleting…" : "Delete"}
        </Button>
      </span>
      {remove.error && (
        <p role="alert" className="basis-full font-medium text-red-700 dark:text-red-300">
          {remove.error.message}
        </p>
      )}
    </div>
  );
}
