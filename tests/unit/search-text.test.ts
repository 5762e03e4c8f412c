import { describe, expect, it } from "vitest";
import { matchesSearch, searchText, searchWords } from "@/lib/schemas/search-text";
import { fts5Query, tsQuery } from "@/lib/server/db/search";

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

describe("matchesSearch (the browser's copy of the index's rule)", () => {
  it("folds accents, matches word prefixes, and CJK pieces across word gaps", () => {
    expect(matchesSearch("Café au lait", "cafe")).toBe(true);
    expect(matchesSearch("crème brûlée", "CRE brul")).toBe(true);
    expect(matchesSearch("夜市neon", "neon")).toBe(true);
    expect(matchesSearch("灯笼 海里", "笼海")).toBe(true);
    expect(matchesSearch("一只鲸鱼在海里", "鲸鱼")).toBe(true);
  });

  it("does not match inside a word, out of order, or on a search of symbols only", () => {
    expect(matchesSearch("un niño", "ño")).toBe(false);
    expect(matchesSearch("a red fox", "ed")).toBe(false);
    expect(matchesSearch("一只鲸鱼", "鱼鲸")).toBe(false);
    expect(matchesSearch("a red fox", "!!")).toBe(false);
    expect(matchesSearch("a red fox", "fox wolf")).toBe(false);
  });
});
