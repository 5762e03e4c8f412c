import { lengthOf, tierOf } from "@/lib/schemas/catalog";
import type { GenerationRequest } from "@/lib/schemas/generation";
import type { Task } from "@/lib/schemas/task";

// How long a task will likely take, learnt from this studio's own finished tasks: the median
// time from creation to success (what the card's clock shows) of tasks with the same model,
// resolution tier (Sora's size) and length.

type Kind = Pick<GenerationRequest, "model" | "size" | "duration" | "resolution">;

/** The median wait of finished tasks like `kind`, and how many it is taken from. */
export function waitEstimate(kind: Kind, history: readonly Task[]): { ms: number; count: number } | undefined {
  const samples = history
    .filter(
      (t) =>
        t.state === "succeeded" &&
        t.finishedAt &&
        t.request.model === kind.model &&
        tierOf(t.request) === tierOf(kind) &&
        lengthOf(t.request) === lengthOf(kind),
    )
    .map((t) => Date.parse(t.finishedAt as string) - Date.parse(t.createdAt))
    .filter((ms) => ms > 0)
    .sort((a, b) => a - b);
  if (samples.length === 0) return undefined;
  const mid = Math.floor(samples.length / 2);
  const ms =
    samples.length % 2 ? (samples[mid] as number) : ((samples[mid - 1] as number) + (samples[mid] as number)) / 2;
  return { ms, count: samples.length };
}

export function estimateMs(task: Task, history: readonly Task[]): number | undefined {
  return waitEstimate(task.request, history)?.ms;
}
