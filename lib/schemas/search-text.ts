// What a search matches, the same in the browser and in the database: the words of a search
// and of a prompt, folded and split alike. The server indexes `searchText(prompt)` (SQLite FTS5
// and Postgres tsvector, lib/server/db/search.ts) and the browser tests a task against a view
// with `matchesSearch`, so a task the live feed puts into a list is one the list's query finds.
//
// Neither FTS5's unicode61 tokenizer nor Postgres's 'simple' parser splits Chinese or Japanese:
// a run of CJK characters is one long token, so "鲸鱼" would never find "一只鲸鱼在海里". So the
// studio tokenizes prompts itself: lower-cased, accents removed, words of letters and digits
// separated by single spaces, and every CJK character a word of its own. A search for "鲸鱼" is
// the phrase 鲸 鱼 (adjacent characters: a substring match), a search for "fox" is the prefix fox*.

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

/**
 * Whether `text` matches the search `q` as the database's index does: each word's tokens stand
 * in a row among the text's tokens, the last one as a prefix. A search with no letters or digits
 * matches nothing ("everything" would be the wrong answer to "!!").
 */
export function matchesSearch(text: string, q: string): boolean {
  const words = searchWords(q);
  if (words.length === 0) return false;
  const tokens = searchText(text).split(" ");
  return words.every((word) =>
    tokens.some((_, at) =>
      word.every((token, i) => {
        const here = tokens[at + i];
        if (here === undefined) return false;
        return i === word.length - 1 ? here.startsWith(token) : here === token;
      }),
    ),
  );
}
