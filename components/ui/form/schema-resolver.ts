import { toNestErrors } from "@hookform/resolvers";
import type { FieldError, FieldErrors, FieldValues, Resolver } from "react-hook-form";
import type * as z from "zod/mini";
import type { SchemaIssue } from "@/lib/i18n/schema-issues";

// Every form checks its fields with the shared zod schema the server parses too, so the browser
// and the API refuse the same things. The wording is the form's: the reader's language, or one
// sentence for any refusal.

/** An error only the browser can know of (a clip's length, an upload still running), at a top-level field. */
export type LocalIssue<V> = { path: Extract<keyof V, string>; message: string };

export type SchemaResolverOptions<V> = {
  /** How an issue reads at its field; the schema's own (English) message by default. */
  text?: (issue: SchemaIssue) => string;
  /** What the schema parses, when the inputs hold something else (text from the DOM, mode pickers). */
  transform?: (values: V) => unknown;
  /** The browser's own checks. The schema's message wins at a field (it is the rule the server applies too). */
  localIssues?: (values: V) => LocalIssue<V>[];
};

/** A react-hook-form resolver for a shared schema: the first issue at a field wins. */
export function schemaResolver<S extends z.ZodMiniType<FieldValues, FieldValues>, V extends FieldValues = z.input<S>>(
  schema: S,
  { text = (issue) => issue.message, transform, localIssues }: SchemaResolverOptions<V> = {},
): Resolver<V, unknown, z.output<S>> {
  return async (values, _context, options) => {
    const parsed = schema.safeParse(transform ? transform(values) : values);
    let errors: FieldErrors<V> = {};
    if (!parsed.success) {
      const flat: Record<string, FieldError> = {};
      for (const issue of parsed.error.issues)
        flat[issue.path.join(".")] ??= { type: issue.code, message: text(issue as SchemaIssue) };
      errors = toNestErrors(flat, options);
    }
    // Checked against the nested errors: a schema issue inside a field (`image_urls.0`) keeps the field's own.
    const local = localIssues?.(values).filter((issue) => !(issue.path in errors)) ?? [];
    if (parsed.success && local.length === 0) return { values: parsed.data, errors: {} };
    if (local.length > 0) {
      errors = { ...errors };
      for (const issue of local)
        (errors as Record<string, FieldError>)[issue.path] = { type: "local", message: issue.message };
    }
    return { values: {}, errors };
  };
}
