// zod/mini: shipped to the browser with the task detail.
import * as z from "zod/mini";
import { TAG_MAX_CHARS, normalizeTag } from "./rules";

// What a user may change on a task after the fact (`PATCH /api/tasks/:id`): the star, tags,
// notes and a rating. Everything else of a task belongs to the state machine.

export const TAGS_MAX = 20;
export const NOTES_MAX_CHARS = 2000;
export const RATING_MIN = 1;
export const RATING_MAX = 5;

// Control characters would be invisible in a chip; a comma is how the tag field separates tags.
const TAG_FORBIDDEN = /[\p{Cc},]/u;

const tag = z.pipe(z.string({ error: "A tag is text" }), z.transform(normalizeTag)).check(
  z.minLength(1, { error: "A tag cannot be empty" }),
  z.maxLength(TAG_MAX_CHARS, { error: `A tag is at most ${TAG_MAX_CHARS} characters` }),
  z.refine((t) => !TAG_FORBIDDEN.test(t), { error: "A tag cannot contain commas or control characters" }),
);

/** A list of tags (a task's, a library prompt's): normalised, de-duplicated and sorted. */
export const tagListSchema = z.pipe(
  z
    .array(tag, { error: "tags must be a list of text" })
    .check(z.maxLength(TAGS_MAX, { error: `At most ${TAGS_MAX} tags` })),
  z.transform((tags) => [...new Set(tags)].sort()),
);

const RATING_ERROR = `rating must be a whole number from ${RATING_MIN} to ${RATING_MAX}, or null`;

export const taskEditSchema = z
  .strictObject({
    favourite: z.optional(z.boolean({ error: "favourite must be true or false" })),
    /** Replaces the task's tags: normalised, de-duplicated and sorted. */
    tags: z.optional(tagListSchema),
    notes: z.optional(
      z
        .string({ error: "notes must be text" })
        .check(z.maxLength(NOTES_MAX_CHARS, { error: `Notes are at most ${NOTES_MAX_CHARS} characters` })),
    ),
    rating: z.optional(
      z.nullable(
        z
          .number({ error: RATING_ERROR })
          .check(
            z.int({ error: RATING_ERROR }),
            z.gte(RATING_MIN, { error: RATING_ERROR }),
            z.lte(RATING_MAX, { error: RATING_ERROR }),
          ),
      ),
    ),
  })
  .check(
    z.refine((edit) => Object.keys(edit).length > 0, { error: "Send at least one of favourite, tags, notes, rating" }),
  );

export type TaskEditInput = z.input<typeof taskEditSchema>;
export type TaskEdit = z.output<typeof taskEditSchema>;

/** One tag, normalised and checked as an edit checks it (task bundles read tags with it too). */
export { tag as tagSchema };
