import type { FieldError, FieldErrors, FieldValues, Resolver } from "react-hook-form";
import type * as z from "zod/mini";
import type { SchemaIssue } from "@/lib/i18n/schema-issues";

/** A react-hook-form resolver for a flat shared zod schema, each issue worded by `text` (the reader's language). */
export function schemaResolver<S extends z.ZodMiniType<FieldValues, FieldValues>>(
  schema: S,
  text: (issue: SchemaIssue) => string,
): Resolver<z.input<S>, unknown, z.output<S>> {
  return async (values) => {
    const parsed = schema.safeParse(values);
    if (parsed.success) return { values: parsed.data, errors: {} };
    const errors: Record<string, FieldError> = {};
    for (const issue of parsed.error.issues)
      errors[issue.path.join(".")] ??= { type: issue.code, message: text(issue as SchemaIssue) };
    return { values: {}, errors: errors as FieldErrors<z.input<S>> };
  };
}
