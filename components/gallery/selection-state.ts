import { COMPARE_MAX } from "@/components/compare/compare-ids";
import type { Task } from "@/lib/schemas/task";

// The rules of picking videos to compare, free of React so they can be tested.

/** Only a finished video can be compared. */
export function isSelectable(task: Task): boolean {
  return task.state === "succeeded" && task.videos.length > 0;
}

/**
 * Toggles `id` in the selection (in the order picked). A pick beyond `max` is refused and the
 * selection is left as it was: the caller says why.
 */
export function toggleSelected(
  ids: readonly string[],
  id: string,
  max = COMPARE_MAX,
): { ids: string[]; refused: boolean } {
  if (ids.includes(id)) return { ids: ids.filter((x) => x !== id), refused: false };
  if (ids.length >= max) return { ids: [...ids], refused: true };
  return { ids: [...ids, id], refused: false };
}
