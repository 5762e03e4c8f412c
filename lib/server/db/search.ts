import "server-only";

// Full-text search over prompts, the same on SQLite (FTS5) and Postgres (tsvector + GIN). Both
// index `tasks.search_text`, the prompt's words as lib/schemas/search-text.ts makes them (the
// browser matches live tasks with the same words, so the two never disagree).
//
// The user's text is never query syntax: it is split into the same words, and the query is
// built from those words only (quotes, *, NEAR, OR, %, _ and \ are not letters, so they are
// gone before a query is written). A search with no letters or digits in it matches nothing.

/** An FTS5 MATCH expression: each word a quoted phrase with a prefix star, all of them ANDed. */
export function fts5Query(words: string[][]): string {
  return words.map((tokens) => `"${tokens.join(" ")}" *`).join(" AND ");
}

/** A Postgres tsquery: tokens of a word adjacent (<->), the last one a prefix, words ANDed. */
export function tsQuery(words: string[][]): string {
  return words
    .map((tokens) => `(${tokens.map((t, i) => (i === tokens.length - 1 ? `'${t}':*` : `'${t}'`)).join(" <-> ")})`)
    .join(" & ");
}
