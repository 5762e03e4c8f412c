import { describe, expect, it } from "vitest";
import type { Task } from "@/lib/schemas/task";
import { makeTask } from "../support/task-fixture";
import { filterToSearchParams, matchesFilter, taskFilterSchema, viewFromSearchParams } from "@/lib/schemas/task-filter";

describe("taskFilterSchema", () => {
  it("reads a shared view from its query string", () => {
    const params = Object.fromEntries(
      new URLSearchParams(
        "q=red%20fox&state=succeeded&model=sora-2-pro&size=large&duration=25&orientation=portrait&from=2026-11-01&to=2026-11-25&favourite=1&tag=moody&limit=24",
      ),
    );
    expect(taskFilterSchema.parse(params)).toEqual({
      q: "red fox",
      state: "succeeded",
      model: "sora-2-pro",
      size: "large",
      duration: 25,
      orientation: "portrait",
      from: "2026-11-01",
      to: "2026-11-25",
      favourite: "1",
      tag: "moody",
      limit: 24,
    });
  });

  it.each([
    // No model of any service makes a 99 s clip (12 s is a Seedance length now).
    ["duration", "99"],
    ["size", "8k"],
    ["model", "sora-9"],
    ["state", "done"],
    ["from", "yesterday"],
    ["limit", "1000"],
    ["favourite", "yes"],
    ["unknown", "x"],
  ])("refuses %s=%s, naming the field", (key, value) => {
    const result = taskFilterSchema.safeParse({ [key]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0] ?? (result.error?.issues[0] as { keys?: string[] })?.keys?.[0]).toBe(key);
  });

  it("filters every service on the same columns: tier, length and shape", () => {
    expect(taskFilterSchema.parse({ size: "pro", duration: "8", orientation: "portrait", model: "veo3" })).toEqual({
      size: "pro",
      duration: 8,
      orientation: "portrait",
      model: "veo3",
    });
  });

  it("writes a filter back as query pairs, leaving empty ones out", () => {
    expect(filterToSearchParams({ q: "fox", state: undefined, tag: "", duration: "15" }).toString()).toBe(
      "q=fox&duration=15",
    );
  });
});

describe("matchesFilter / viewFromSearchParams", () => {
  const task = (
    over: Partial<Task["request"]> & {
      state?: Task["state"];
      createdAt?: string;
      favourite?: boolean;
      tags?: string[];
    } = {},
  ) => {
    const { state = "succeeded", createdAt = "2026-11-20T10:00:00.000Z", favourite, tags, ...request } = over;
    return makeTask({
      id: "t1",
      state,
      request: {
        prompt: "A red fox running through fresh snow",
        model: "sora-2",
        size: "small",
        duration: 10,
        orientation: "landscape",
        ...request,
      },
      createdAt,
      favourite: favourite ?? false,
      tags: tags ?? [],
    });
  };

  it("keeps a task every given filter matches, and only those", () => {
    expect(matchesFilter(task(), {})).toBe(true);
    expect(
      matchesFilter(task(), {
        state: "succeeded",
        model: "sora-2",
        size: "small",
        duration: 10,
        orientation: "landscape",
      }),
    ).toBe(true);
    expect(matchesFilter(task({ state: "processing" }), { state: "succeeded" })).toBe(false);
    expect(matchesFilter(task({ duration: 15 }), { duration: 10 })).toBe(false);
    expect(matchesFilter(task(), { favourite: "1" })).toBe(false);
    expect(matchesFilter(task({ favourite: true, tags: ["winter"] }), { favourite: "1", tag: "winter" })).toBe(true);
  });

  it("keeps only the signed-in account's tasks in Mine, and every task with sign-in off", () => {
    const theirs = { ...task(), ownerId: "u-other" };
    const mine = { ...task(), ownerId: "u-me" };
    expect(matchesFilter(mine, { owner: "me" }, "u-me")).toBe(true);
    expect(matchesFilter(theirs, { owner: "me" }, "u-me")).toBe(false);
    expect(matchesFilter(theirs, {}, "u-me")).toBe(true);
    expect(matchesFilter(theirs, { owner: "me" }, null)).toBe(true);
  });

  it("bounds dates by whole UTC days, inclusive", () => {
    expect(matchesFilter(task(), { from: "2026-11-20", to: "2026-11-20" })).toBe(true);
    expect(matchesFilter(task(), { from: "2026-11-21" })).toBe(false);
    expect(matchesFilter(task(), { to: "2026-11-19" })).toBe(false);
  });

  it("searches words as prefixes, and Chinese anywhere", () => {
    expect(matchesFilter(task(), { q: "fox snow" })).toBe(true);
    expect(matchesFilter(task(), { q: "FRE" })).toBe(true);
    expect(matchesFilter(task(), { q: "ox" })).toBe(false);
    expect(matchesFilter(task({ prompt: "雨后的竹林里一只狐狸" }), { q: "狐狸" })).toBe(true);
    expect(matchesFilter(task(), { q: '"; drop table --' })).toBe(false);
  });

  it("drops bad or unknown URL parameters instead of failing the page", () => {
    expect(viewFromSearchParams(new URLSearchParams("state=bogus&model=sora-2&duration=99&view=list&q=fox"))).toEqual({
      model: "sora-2",
      q: "fox",
    });
  });

  it("reads a run from the URL (a UUID only) and keeps only that run's tasks", () => {
    const run = "0b7f3c2e-5d1a-4c8e-9f60-2a4b6c8d0e1f";
    expect(viewFromSearchParams(new URLSearchParams(`run=${run}&view=list`))).toEqual({ run });
    expect(viewFromSearchParams(new URLSearchParams("run=not-a-run&model=sora-2"))).toEqual({ model: "sora-2" });
    expect(taskFilterSchema.safeParse({ run: "1" }).error?.issues[0]?.path).toEqual(["run"]);
    expect(matchesFilter({ ...task(), runId: run }, { run })).toBe(true);
    expect(matchesFilter({ ...task(), runId: "5d0c8a4e-0000-4000-8000-000000000000" }, { run })).toBe(false);
    expect(matchesFilter(task(), { run })).toBe(false);
  });
});
