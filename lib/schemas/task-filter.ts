// zod/mini: shipped to the browser with the gallery.
import * as z from "zod/mini";
import {
  durationValues,
  lengthOf,
  MODEL_IDS,
  MODEL_SPECS,
  RESOLUTIONS,
  SHAPES,
  SIZES,
  shapeOf,
  tierOf,
} from "./catalog";
import { TAG_MAX_CHARS, normalizeTag } from "./rules";
import { matchesSearch } from "./search-text";
import { TASK_STATES, type Task } from "./task";

// The gallery's view of the task list: filters, search and paging. The same schema parses the
// query string of `GET /api/tasks` on the server and the page's own URL in the browser, so a
// view can be shared by its address and the server reads it exactly as the page meant it.

export const LIST_LIMIT_MAX = 100;
export const LIST_LIMIT_DEFAULT = 48;
export const SEARCH_MAX_CHARS = 200;
/** Tasks per page of the gallery: a screenful or two of cards (the server renders the first). */
export const GALLERY_PAGE_SIZE = 24;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What the gallery filters on across every service: Sora's sizes and the others' resolution tiers. */
export const FILTER_TIERS = [...SIZES, ...RESOLUTIONS] as const;
/** Every length a model of the catalog makes, shortest first. */
export const FILTER_LENGTHS: readonly number[] = [
  ...new Set(MODEL_SPECS.flatMap((m) => durationValues(m.duration))),
].sort((a, b) => a - b);
const day = (what: string) => z.string().check(z.regex(DAY, { error: `${what} must be a date like 2026-11-25` }));

export const taskFilterSchema = z.strictObject({
  /** Words to find in prompts (all of them, each as a word prefix); never query syntax. */
  q: z.optional(
    z
      .string()
      .check(z.trim(), z.maxLength(SEARCH_MAX_CHARS, { error: `Search is at most ${SEARCH_MAX_CHARS} characters` })),
  ),
  state: z.optional(z.enum(TASK_STATES, { error: `state must be one of ${TASK_STATES.join(", ")}` })),
  model: z.optional(
    z.enum(MODEL_IDS as [string, ...string[]], { error: "model must be a model of the catalog (GET /api/models)" }),
  ),
  /** Sora's size, or another service's resolution tier. */
  size: z.optional(z.enum(FILTER_TIERS, { error: `size must be one of ${FILTER_TIERS.join(", ")}` })),
  /** The clip's length in seconds, whatever the model. */
  duration: z.optional(
    z.pipe(z.string(), z.transform(Number)).check(
      z.refine((d) => FILTER_LENGTHS.includes(d), {
        error: `duration must be one of ${FILTER_LENGTHS.join(", ")}`,
      }),
    ),
  ),
  /** The frame's shape (Sora's orientation, or the shape of an aspect ratio). */
  orientation: z.optional(z.enum(SHAPES, { error: `orientation must be one of ${SHAPES.join(", ")}` })),
  /** Created on or after this day (UTC). */
  from: z.optional(day("from")),
  /** Created on or before this day (UTC). */
  to: z.optional(day("to")),
  favourite: z.optional(z.literal("1", { error: "favourite must be 1 (or left out)" })),
  tag: z.optional(
    z
      .string()
      .check(
        z.trim(),
        z.minLength(1),
        z.maxLength(TAG_MAX_CHARS, { error: `A tag is at most ${TAG_MAX_CHARS} characters` }),
      ),
  ),
  /** "me": only the signed-in account's own tasks (team mode's "Mine"; with sign-in off, all of them are). */
  owner: z.optional(z.literal("me", { error: "owner must be me (or left out)" })),
  /** The tasks of one variation run (POST /api/runs), by its id. */
  run: z.optional(z.uuid({ error: "run must be a run id (a UUID)" })),
  limit: z.optional(
    z
      .pipe(z.string(), z.transform(Number))
      .check(
        z.int({ error: "limit must be a whole number" }),
        z.gte(1),
        z.lte(LIST_LIMIT_MAX, { error: `limit is at most ${LIST_LIMIT_MAX}` }),
      ),
  ),
  cursor: z.optional(z.string()),
});

export type TaskFilterQuery = z.input<typeof taskFilterSchema>;
export type TaskFilter = z.output<typeof taskFilterSchema>;

/** The filter as query-string pairs (empty values left out), for the API and the page's URL. */
export function filterToSearchParams(filter: Partial<TaskFilterQuery>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter))
    if (value !== undefined && value !== "") params.set(key, String(value));
  return params;
}

/** The filter a list view shows: everything but paging. */
export type ViewFilter = Omit<TaskFilter, "limit" | "cursor">;

/**
 * Whether a task belongs in a filtered view: the live feed puts a new or changed task into
 * each open list only if it matches, and takes it out of one it no longer matches.
 */
export function matchesFilter(task: Task, filter: ViewFilter, me: string | null = null): boolean {
  const r = task.request;
  if (filter.owner === "me" && me !== null && task.ownerId !== me) return false;
  if (filter.state && task.state !== filter.state) return false;
  if (filter.model && r.model !== filter.model) return false;
  // As the task list's columns hold them (tasks-repo stores tierOf, lengthOf and shapeOf).
  if (filter.size && tierOf(r) !== filter.size) return false;
  if (filter.duration !== undefined && lengthOf(r) !== filter.duration) return false;
  if (filter.orientation && shapeOf(r) !== filter.orientation) return false;
  const day = task.createdAt.slice(0, 10);
  if (filter.from && day < filter.from) return false;
  if (filter.to && day > filter.to) return false;
  if (filter.favourite && !task.favourite) return false;
  if (filter.tag && !task.tags.includes(normalizeTag(filter.tag))) return false;
  if (filter.run && task.runId !== filter.run) return false;
  if (filter.q && !matchesSearch(r.prompt, filter.q)) return false;
  return true;
}

/** The page URL's parameters that make up the gallery's view (others, like `task`, are the page's own). */
export const VIEW_FILTER_KEYS = [
  "q",
  "state",
  "model",
  "size",
  "duration",
  "orientation",
  "from",
  "to",
  "favourite",
  "tag",
  "run",
  "owner",
] as const;

/** The view in a page URL: known, valid parameters only (a bad one is dropped, not fatal). */
export function viewFromSearchParams(params: URLSearchParams): ViewFilter {
  const raw: Record<string, string> = {};
  for (const key of VIEW_FILTER_KEYS) {
    const value = params.get(key);
    if (value !== null && value !== "") raw[key] = value;
  }
  for (;;) {
    const parsed = taskFilterSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) delete raw[String(issue.path[0])];
  }
}
