import { describe, expect, it } from "vitest";
import { tokenize, wordDiff, type DiffPart } from "@/lib/shared/word-diff";

// The library's diff view: words and whitespace as tokens, CJK per character, and the two
// texts always recoverable from the parts (the kept and removed parts give the old text, the
// kept and added ones the new).

const old = (parts: DiffPart[]) =>
  parts
    .filter((p) => p.kind !== "added")
    .map((p) => p.text)
    .join("");
const fresh = (parts: DiffPart[]) =>
  parts
    .filter((p) => p.kind !== "removed")
    .map((p) => p.text)
    .join("");
const changes = (parts: DiffPart[]) =>
  parts.filter((p) => p.kind !== "same").map((p) => `${p.kind === "added" ? "+" : "-"}${p.text}`);

function check(before: string, after: string): DiffPart[] {
  const parts = wordDiff(before, after);
  expect(old(parts)).toBe(before);
  expect(fresh(parts)).toBe(after);
  // Merged: never two neighbours of the same kind.
  for (let i = 1; i < parts.length; i++) expect(parts[i]!.kind).not.toBe(parts[i - 1]!.kind);
  return parts;
}

describe("tokenize", () => {
  it("splits words, whitespace and symbols, and each CJK character alone", () => {
    expect(tokenize("A red fox,  at dawn")).toEqual(["A", " ", "red", " ", "fox", ",", "  ", "at", " ", "dawn"]);
    expect(tokenize("一只鲸鱼 swims")).toEqual(["一", "只", "鲸", "鱼", " ", "swims"]);
    expect(tokenize("")).toEqual([]);
  });
});

describe("wordDiff", () => {
  it("marks an inserted word as added", () => {
    const parts = check("a red fox", "a quick red fox");
    expect(changes(parts)).toEqual(["+quick "]);
    expect(parts[0]).toEqual({ kind: "same", text: "a " });
  });

  it("marks a deleted word as removed", () => {
    expect(changes(check("a quick red fox at dawn", "a red fox at dawn"))).toEqual(["-quick "]);
  });

  it("shows a replacement as the old word removed, then the new one added", () => {
    const parts = check("a red fox in the snow", "a grey fox in the rain");
    expect(changes(parts)).toEqual(["-red", "+grey", "-snow", "+rain"]);
    expect(parts.map((p) => p.kind)).toEqual(["same", "removed", "added", "same", "removed", "added"]);
  });

  it("compares whole words, not letters", () => {
    expect(changes(check("lighthouse", "lighthouses"))).toEqual(["-lighthouse", "+lighthouses"]);
  });

  it("diffs Chinese character by character", () => {
    const parts = check("一只鲸鱼在海里游泳", "一只小鲸鱼在湖里游泳");
    expect(changes(parts)).toEqual(["+小", "-海", "+湖"]);
  });

  it("handles empty texts", () => {
    expect(wordDiff("", "")).toEqual([]);
    expect(check("", "a new prompt")).toEqual([{ kind: "added", text: "a new prompt" }]);
    expect(check("an old prompt", "")).toEqual([{ kind: "removed", text: "an old prompt" }]);
  });

  it("returns one kept part for identical texts", () => {
    expect(check("same text, same words", "same text, same words")).toEqual([
      { kind: "same", text: "same text, same words" },
    ]);
  });

  it("notices whitespace changes", () => {
    expect(changes(check("a fox", "a  fox"))).toEqual(["- ", "+  "]);
  });

  it("diffs two 2,000-character prompts with changes throughout quickly", () => {
    const words = Array.from({ length: 400 }, (_, i) => `w${i % 97}x${i}`);
    const before = words.join(" ").slice(0, 2000);
    const after = words
      .map((w, i) => (i % 9 === 0 ? `${w}y` : w))
      .filter((_, i) => i % 13 !== 0)
      .join(" ")
      .slice(0, 2000);
    const started = performance.now();
    const parts = check(before, after);
    expect(performance.now() - started).toBeLessThan(200);
    expect(parts.some((p) => p.kind === "added")).toBe(true);
    expect(parts.some((p) => p.kind === "removed")).toBe(true);
  });

  it("diffs a 2,000-character CJK prompt against a rewritten one quickly", () => {
    const before = "一只鲸鱼在海里游泳".repeat(222).slice(0, 2000);
    const after = "月光照亮的湖面".repeat(286).slice(0, 2000);
    const started = performance.now();
    check(before, after);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("shows two long, wholly different texts as one removal and one addition instead of a huge table", () => {
    const before = "一".repeat(3000);
    const after = "二".repeat(3000);
    const started = performance.now();
    expect(check(`同${before}尾`, `同${after}尾`)).toEqual([
      { kind: "same", text: "同" },
      { kind: "removed", text: before },
      { kind: "added", text: after },
      { kind: "same", text: "尾" },
    ]);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
