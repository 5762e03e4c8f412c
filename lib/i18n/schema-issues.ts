import type { Translator } from "./messages";

// The words for a rule the shared zod schema reports, in the reader's language. The schema's
// own messages stay English: they are also the public API's answers. In the browser a rule
// finds its translation in messages/<locale>/schema.json by
//   1. `params.i18n` (custom rules: `ctx.addIssue({ code: "custom", message, params: { i18n: "character.span", min, max, span } })`), or
//   2. "<field path without indexes>.<zod code>" for built-in checks ("prompt.too_small", "image_urls.too_big"),
// with the issue's numbers (minimum, maximum) and params as ICU values. No translation: the English message.

export type SchemaIssue = {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  params?: Record<string, unknown>;
  minimum?: unknown;
  maximum?: unknown;
};

export function issueKey(issue: SchemaIssue): string {
  const named = issue.params?.i18n;
  if (typeof named === "string") return named;
  const field = issue.path.filter((p) => typeof p === "string").join(".");
  return `${field}.${issue.code}`;
}

export function issueText(issue: SchemaIssue, t: Translator<"schema">): string {
  const key = issueKey(issue) as Parameters<Translator<"schema">["has"]>[0];
  if (!t.has(key)) return issue.message;
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries({ minimum: issue.minimum, maximum: issue.maximum, ...issue.params })) {
    if (name !== "i18n" && (typeof value === "number" || typeof value === "string")) values[name] = value;
  }
  return (t as unknown as (key: string, values: Record<string, string | number>) => string)(key, values);
}
