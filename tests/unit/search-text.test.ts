import { describe, expect, it } from "vitest";
import { fts5Query, searchText, searchWords, tsQuery } from "@/lib/server/db/search";

// The one tokenizer behind prompt search on both databases: what gets indexed, and what a
// user's text turns into (words only, never query syntax).

describe("prompt search tokens", () => {
  it("indexes words folded to lower case without accents, every CJK character on its own", () => {
    expect(searchText('A whale — 鲸鱼 — in "quotes", Café ＡＢＣ 4K 日本語のテキスト 한국어')).toBe(
      "a whale 鲸 鱼 in quotes cafe abc 4k 日 本 語 の テ キ ス ト 한국어",
    );
  });

  it("turns a search into words, a CJK run into adjacent characters, and drops every symbol", () => {
    expect(searchWords("Red FOX 鲸鱼")).toEqual([["red"], ["fox"], ["鲸", "鱼"]]);
    expect(searchWords(`" * % _ \\ 🐋 -- ; ( )`)).toEqual([]);
    expect(searchWords("NEAR(fox, 2) OR 'x'")).toEqual([["near"], ["fox"], ["2"], ["or"], ["x"]]);
  });

  it("writes queries from those words only: quoted prefix phrases for FTS5, prefix lexemes for Postgres", () => {
    const words = searchWords("fox 鲸鱼");
    expect(fts5Query(words)).toBe('"fox" * AND "鲸 鱼" *');
    expect(tsQuery(words)).toBe("('fox':*) & ('鲸' <-> '鱼':*)");
  });
});
