import "server-only";

// Full-text search over prompts, the same on SQLite (FTS5) and Postgres (tsvector + GIN).
//
// Neither FTS5's unicode61 tokenizer nor Postgres's 'simple' parser splits Chinese or Japanese:
// a run of CJK characters is one long token, so "鲸鱼" would never find "一只鲸鱼在海里". So the
// studio tokenizes prompts itself, once, into `tasks.search_text`: lower-cased, accents
// removed, words of letters and digits separated by single spaces, and every CJK character a
// word of its own. Both databases index that column; a search for "鲸鱼" is the phrase 鲸 鱼
// (adjacent characters: a substring match), a search for "fox" is the prefix fox*.
//
// The user's text is never query syntax: it is split into the same words, and the query is
// built from those words only (quotes, *, NEAR, OR, %, _ and \ are not letters, so they are
// gone before a query is written). A search with no letters or digits in it matches nothing.

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const CJK_ALL = new RegExp(CJK.source, "gu");
const WORD = /[\p{L}\p{N}]+/gu;

function fold(text: string): string {
  // NFKD then dropping marks removes accents (café → cafe) and folds full-width forms;
  // NFC puts Hangul syllables back together.
  return text.normalize("NFKD").replace(/\p{M}/gu, "").normalize("NFC").toLowerCase();
}

/** The indexed form of a prompt (stored in tasks.search_text). */
export function searchText(prompt: string): string {
  return (fold(prompt).replace(CJK_ALL, " $& ").match(WORD) ?? []).join(" ");
}

/**
 * The words of a search, each as its tokens: ["fox"] for a word, ["鲸", "鱼"] for a CJK run
 * (matched as adjacent tokens). Every word must match; the last token of each is a prefix.
 */
export function searchWords(q: string): string[][] {
  return (fold(q).match(WORD) ?? [])
    .map((word) => word.replace(CJK_ALL, " $& ").match(WORD) ?? [])
    .filter((w) => w.length > 0);
}

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
