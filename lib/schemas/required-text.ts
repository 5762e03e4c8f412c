import * as z from "zod/mini";

/**
 * Text that is trimmed, then must be 1 to `max` characters: `missing` words both a value that
 * is no text and an empty one, `tooLong` one past `max`.
 */
export const requiredText = (missing: string, max: number, tooLong: string) =>
  z
    .string({ error: missing })
    .check(z.trim(), z.minLength(1, { error: missing }), z.maxLength(max, { error: tooLong }));
