import { describe, expect, it } from "vitest";
import { compareHref, parseCompareIds } from "@/components/compare/compare-ids";
import { isSelectable, toggleSelected } from "@/components/gallery/selection-state";
import type { Task } from "@/lib/schemas/task";
import { makeTask } from "../support/task-fixture";

const video = {
  id: "v",
  url: "/api/media/v",
  expiresAt: null,
  archived: true,
  size: 1,
  archiveError: null,
  posterUrl: null,
};

describe("toggleSelected", () => {
  it("adds in the order picked and removes on a second toggle", () => {
    expect(toggleSelected([], "a")).toEqual({ ids: ["a"], refused: false });
    expect(toggleSelected(["a", "b"], "c")).toEqual({ ids: ["a", "b", "c"], refused: false });
    expect(toggleSelected(["a", "b", "c"], "b")).toEqual({ ids: ["a", "c"], refused: false });
  });

  it("refuses a fifth pick and keeps the four", () => {
    expect(toggleSelected(["a", "b", "c", "d"], "e")).toEqual({ ids: ["a", "b", "c", "d"], refused: true });
    // Unpicking one of four is always allowed.
    expect(toggleSelected(["a", "b", "c", "d"], "d")).toEqual({ ids: ["a", "b", "c"], refused: false });
  });
});

describe("isSelectable", () => {
  it("only a succeeded task with a video", () => {
    expect(isSelectable(makeTask({ state: "succeeded", videos: [video] }))).toBe(true);
    expect(isSelectable(makeTask({ state: "succeeded", videos: [] }))).toBe(false);
    expect(isSelectable(makeTask({ state: "processing", videos: [] }) as Task)).toBe(false);
    expect(isSelectable(makeTask({ state: "failed", videos: [video] }))).toBe(false);
  });
});

describe("parseCompareIds", () => {
  const a = "0b5e7c2e-8a4f-4a57-9d1e-3f1c2b4a5d6e";
  const b = "5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f";
  it("takes 2–4 distinct ids", () => {
    expect(parseCompareIds(`${a},${b}`)).toEqual({ kind: "ok", ids: [a, b] });
    expect(parseCompareIds(` ${a} , ${b}, `)).toEqual({ kind: "ok", ids: [a, b] });
    expect(parseCompareIds([a, b])).toEqual({ kind: "ok", ids: [a, b] });
  });

  it("says what is wrong otherwise", () => {
    expect(parseCompareIds(undefined)).toEqual({ kind: "empty" });
    expect(parseCompareIds("  ")).toEqual({ kind: "empty" });
    expect(parseCompareIds(a)).toEqual({ kind: "tooFew" });
    expect(parseCompareIds(`${a},${a}`)).toEqual({ kind: "tooFew" });
    expect(parseCompareIds("a,b,c,d,e")).toEqual({ kind: "tooMany", count: 5 });
    expect(parseCompareIds(`${a},<script>`)).toEqual({ kind: "malformed", value: "<script>" });
    expect(parseCompareIds(`${a},../etc`)).toEqual({ kind: "malformed", value: "../etc" });
  });

  it("round-trips through compareHref", () => {
    const href = compareHref([a, b]);
    expect(href).toBe(`/compare?ids=${a},${b}`);
    expect(parseCompareIds(new URL(href, "http://x").searchParams.get("ids") ?? undefined)).toEqual({
      kind: "ok",
      ids: [a, b],
    });
  });
});
