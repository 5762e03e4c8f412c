import type { Task } from "@/lib/schemas/task";

// How long a task will likely take, learnt from this studio's own finished tasks: the median
// time from creation to success (what the card's clock shows) of tasks with the same model,
// size and duration.

export function estimateMs(task: Task, history: readonly Task[]): number | undefined {
  const samples = history
    .filter(
      (t) =>
        t.state === "succeeded" &&
        t.finishedAt &&
        t.request.model === task.request.model &&
        t.request.size === task.request.size &&
        t.request.duration === task.request.duration,
    )
    .map((t) => Date.parse(t.finishedAt as string) - Date.parse(t.createdAt))
    .filter((ms) => ms > 0)
    .sort((a, b) => a - b);
  if (samples.length === 0) return undefined;
  const mid = Math.floor(samples.length / 2);
  return samples.length % 2 ? samples[mid] : ((samples[mid - 1] as number) + (samples[mid] as number)) / 2;
}
