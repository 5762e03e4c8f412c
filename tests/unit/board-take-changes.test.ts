import { describe, expect, it } from "vitest";
import { boardTaskChange, CLOCK_SLACK_MS } from "@/components/storyboard/take-changes";
import { newBoard, type BoardView } from "@/lib/schemas/board";
import { makeTask } from "../support/task-fixture";

const READ_AT = "2026-06-01T12:00:00.000Z";
const at = (offsetMs: number) => new Date(Date.parse(READ_AT) + offsetMs).toISOString();
const take = makeTask({ id: "take-1", state: "processing", createdAt: at(-120_000), updatedAt: at(-60_000) });
const view: BoardView = {
  board: { ...newBoard("Film", "shot-1"), id: "b", version: 1, ownerId: null, createdAt: READ_AT, updatedAt: READ_AT },
  takes: { "shot-1": [take] },
  waits: [],
  readAt: READ_AT,
};

describe("boardTaskChange: what a task change means to an open board", () => {
  it("puts a take's new state in place, and never an older state over a newer one", () => {
    const done = { ...take, state: "succeeded" as const, updatedAt: at(1_000) };
    const outcome = boardTaskChange(view, { kind: "task", task: done });
    expect(outcome.kind).toBe("update");
    if (outcome.kind !== "update") return;
    expect(outcome.view.takes["shot-1"]?.[0]?.state).toBe("succeeded");
    const late = boardTaskChange(outcome.view, { kind: "task", task: { ...take, updatedAt: at(-90_000) } });
    expect(late.kind === "update" && late.view.takes["shot-1"]?.[0]?.state).toBe("succeeded");
  });

  it("reads the board again for an unknown task made after, or just before, the board was read", () => {
    expect(boardTaskChange(view, { kind: "task", task: makeTask({ id: "new", createdAt: at(5_000) }) }).kind).toBe(
      "refetch",
    );
    expect(
      boardTaskChange(view, { kind: "task", task: makeTask({ id: "new", createdAt: at(-CLOCK_SLACK_MS + 1_000) }) })
        .kind,
    ).toBe("refetch");
  });

  it("leaves the board alone for other people's older tasks, films, and deletions it does not hold", () => {
    expect(
      boardTaskChange(view, {
        kind: "task",
        task: makeTask({ id: "old", state: "processing", createdAt: at(-CLOCK_SLACK_MS - 1_000) }),
      }).kind,
    ).toBe("ignore");
    expect(
      boardTaskChange(view, { kind: "task", task: makeTask({ id: "film", origin: "film", createdAt: at(5_000) }) })
        .kind,
    ).toBe("ignore");
    expect(boardTaskChange(view, { kind: "deleted", id: "someone-elses" }).kind).toBe("ignore");
  });

  it("reads again when a take is deleted, the feed resets, or the board is not loaded", () => {
    expect(boardTaskChange(view, { kind: "deleted", id: "take-1" }).kind).toBe("refetch");
    expect(boardTaskChange(view, { kind: "reset" }).kind).toBe("refetch");
    expect(boardTaskChange(undefined, { kind: "task", task: take }).kind).toBe("refetch");
  });
});
