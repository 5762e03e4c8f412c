import type { InfiniteData } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { removeTask, upsertTask } from "@/lib/query/events";
import type { Task, TaskPage } from "@/lib/schemas/task";
import { makeTask } from "../support/task-fixture";

// The SSE → react-query bridge: how one event changes the cached gallery list.

const make = (id: string, createdAt: string, updatedAt = createdAt, state: Task["state"] = "processing"): Task =>
  makeTask({
    id,
    state,
    request: { prompt: id, model: "sora-2", size: "small", duration: 10, orientation: "landscape" },
    attempts: 1,
    createdAt,
    updatedAt,
  });
const list = (...pages: Task[][]): InfiniteData<TaskPage, string | undefined> => ({
  pages: pages.map((items, i) => ({ items, nextCursor: i < pages.length - 1 ? `c${i}` : null })),
  pageParams: pages.map((_, i) => (i === 0 ? undefined : `c${i - 1}`)),
});

describe("upsertTask", () => {
  const b = make("b", "2026-01-02T00:00:00.000Z");
  const a = make("a", "2026-01-01T00:00:00.000Z");

  it("replaces a task in whatever page it is on", () => {
    const done = make("a", a.createdAt, "2026-01-03T00:00:00.000Z", "succeeded");
    const next = upsertTask(list([b], [a]), done);
    expect(next?.pages[1]?.items).toEqual([done]);
    expect(next?.pages[0]?.items).toEqual([b]);
  });

  it("never replaces a newer copy with an older event", () => {
    const newer = make("a", a.createdAt, "2026-01-05T00:00:00.000Z", "succeeded");
    const older = make("a", a.createdAt, "2026-01-04T00:00:00.000Z", "processing");
    expect(upsertTask(list([newer]), older)?.pages[0]?.items[0]).toBe(newer);
  });

  it("puts a new task on top, but leaves an old unseen one to its page", () => {
    const c = make("c", "2026-01-09T00:00:00.000Z");
    expect(upsertTask(list([b, a]), c)?.pages[0]?.items.map((t) => t.id)).toEqual(["c", "b", "a"]);
    const ancient = make("z", "2025-01-01T00:00:00.000Z");
    expect(upsertTask(list([b]), ancient)?.pages[0]?.items.map((t) => t.id)).toEqual(["b"]);
  });

  it("does nothing before the list has loaded", () => {
    expect(upsertTask(undefined, a)).toBeUndefined();
  });
});

describe("removeTask", () => {
  it("removes the task from every page", () => {
    const a = make("a", "2026-01-01T00:00:00.000Z");
    const b = make("b", "2026-01-02T00:00:00.000Z");
    const next = removeTask(list([b], [a]), "a");
    expect(next?.pages.map((p) => p.items.map((t) => t.id))).toEqual([["b"], []]);
  });
});

describe("keepNewerTasks (a list re-read racing live events)", () => {
  it("keeps a newer live copy over an older one in the re-read list, and takes everything else from the list", async () => {
    const { keepNewerTasks } = await import("@/lib/query/events");
    const live = make("a", "2026-01-01T00:00:00.000Z", "2026-01-01T00:05:00.000Z", "failed");
    const staleInList = make("a", "2026-01-01T00:00:00.000Z", "2026-01-01T00:04:00.000Z", "processing");
    const fresherInList = make("b", "2026-01-02T00:00:00.000Z", "2026-01-02T00:09:00.000Z", "succeeded");
    const oldB = make("b", "2026-01-02T00:00:00.000Z", "2026-01-02T00:01:00.000Z", "processing");
    const merged = keepNewerTasks(list([oldB, live]), list([fresherInList, staleInList]));
    expect(merged.pages[0]?.items).toEqual([fresherInList, live]);
    expect(keepNewerTasks(undefined, list([staleInList])).pages[0]?.items).toEqual([staleInList]);
  });
});

describe("upsertTask in a filtered view", () => {
  const a = make("a", "2026-01-01T00:00:00.000Z");

  it("takes a task out of a view it no longer matches, and leaves out a new one that does not match", () => {
    const done = make("a", a.createdAt, "2026-01-03T00:00:00.000Z", "succeeded");
    expect(upsertTask(list([a]), done, { state: "processing" })?.pages[0]?.items).toEqual([]);
    const fresh = make("c", "2026-01-05T00:00:00.000Z");
    expect(upsertTask(list([a]), fresh, { model: "sora-2-pro" })?.pages[0]?.items).toEqual([a]);
    expect(upsertTask(list([a]), fresh, { model: "sora-2" })?.pages[0]?.items).toEqual([fresh, a]);
  });
});
