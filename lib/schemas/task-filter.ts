// zod/mini: shipped to the browser with the gallery.
import * as z from "zod/mini";
import { DURATIONS, MODELS, ORIENTATIONS, SIZES } from "./rules";
import { TASK_STATES } from "./task";

// The gallery's view of the task list: filters, search and paging. The same schema parses the
// query string of `GET /api/tasks` on the server and the page's own URL in the browser, so a
// view can be shared by its address and the server reads it exactly as the page meant it.

export const LIST_LIMIT_MAX = 100;
export const LIST_LIMIT_DEFAULT = 48;
export const SEARCH_MAX_CHARS = 200;
export const TAG_MAX_CHARS = 40;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (what: string) => z.string().check(z.regex(DAY, { error: `${what} must be a date like 2026-11-25` }));

export const taskFilterSchema = z.strictObject({
  /** Words to find in prompts (all of them, each as a word prefix); never query syntax. */
  q: z.optional(z.string().check(z.trim(), z.maxLength(SEARCH_MAX_CHARS, { error: `Search is at most ${SEARCH_MAX_CHARS} characters` }))),
  state: z.optional(z.enum(TASK_STATES, { error: `state must be one of ${TASK_STATES.join(", ")}` })),
  model: z.optional(z.enum(MODELS, { error: `model must be one of ${MODELS.join(", ")}` })),
  size: z.optional(z.enum(SIZES, { error: `size must be one of ${SIZES.join(", ")}` })),
  duration: z.optional(z.pipe(z.string(), z.transform(Number)).check(z.refine((d) => (DURATIONS as readonly number[]).includes(d), { error: `duration must be one of ${DURATIONS.join(", ")}` }))),
  orientation: z.optional(z.enum(ORIENTATIONS, { error: `orientation must be one of ${ORIENTATIONS.join(", ")}` })),
  /** Created on or after this day (UTC). */
  from: z.optional(day("from")),
  /** Created on or before this day (UTC). */
  to: z.optional(day("to")),
  favourite: z.optional(z.literal("1", { error: "favourite must be 1 (or left out)" })),
  tag: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(TAG_MAX_CHARS, { error: `A tag is at most ${TAG_MAX_CHARS} characters` }))),
  limit: z.optional(z.pipe(z.string(), z.transform(Number)).check(z.int({ error: "limit must be a whole number" }), z.gte(1), z.lte(LIST_LIMIT_MAX, { error: `limit is at most ${LIST_LIMIT_MAX}` }))),
  cursor: z.optional(z.string()),
});

export type TaskFilterQuery = z.input<typeof taskFilterSchema>;
export type TaskFilter = z.output<typeof taskFilterSchema>;

/** The filter as query-string pairs (empty values left out), for the API and the page's URL. */
export function filterToSearchParams(filter: Partial<TaskFilterQuery>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== "") params.set(key, String(value));
  return params;
}
