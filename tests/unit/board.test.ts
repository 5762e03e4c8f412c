import { describe, expect, it } from "vitest";
import {
  addShot,
  boardDocSchema,
  chosenTake,
  continuityFrameTime,
  duplicateShot,
  filmSegments,
  filmTimeline,
  effectiveCrossfade,
  generationPlan,
  moveShot,
  newBoard,
  playedSpan,
  removeShot,
  shotRequest,
  updateShot,
  type BoardDoc,
  type TakeLike,
} from "@/lib/schemas/board";
import { generationSchema } from "@/lib/schemas/generation";

// The storyboard's pure rules: how shots are ordered, which take the film uses, which frame the
// next shot continues from, and what "generate" does with each shot.

const ids = (board: BoardDoc) => board.shots.map((s) => s.id);

function threeShots(): BoardDoc {
  let board = newBoard("Film", "a");
  board = addShot(board, "b");
  board = addShot(board, "c");
  board = updateShot(board, "a", { prompt: "A lighthouse at dusk" });
  board = updateShot(board, "b", { prompt: "The keeper climbs the stairs", continueFromPrevious: true });
  return updateShot(board, "c", { prompt: "The lamp turns on", continueFromPrevious: true });
}

let clock = 0;
function take(id: string, state: string, extra: Partial<TakeLike> = {}): TakeLike {
  clock += 1;
  return {
    id,
    state,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, clock)).toISOString(),
    request: { model: "sora-2", duration: 10, orientation: "landscape", size: "small" },
    videos: state === "succeeded" ? [{ id: `${id}-v`, archived: true }] : [],
    ...extra,
  };
}

describe("board ordering", () => {
  it("adds after a given shot or at the end", () => {
    const board = addShot(addShot(newBoard("F", "a"), "b"), "x", "a");
    expect(ids(board)).toEqual(["a", "x", "b"]);
  });

  it("moves a shot up and down, clamping past either end", () => {
    const board = threeShots();
    expect(ids(moveShot(board, "c", 0))).toEqual(["c", "a", "b"]);
    expect(ids(moveShot(board, "a", 2))).toEqual(["b", "c", "a"]);
    expect(ids(moveShot(board, "a", 99))).toEqual(["b", "c", "a"]);
    expect(ids(moveShot(board, "b", -5))).toEqual(["b", "a", "c"]);
    expect(moveShot(board, "nope", 0)).toBe(board);
  });

  it("clears 'continue from previous' on whatever becomes the first shot, so the board stays valid", () => {
    const moved = moveShot(threeShots(), "b", 0);
    expect(moved.shots[0]).toMatchObject({ id: "b", continueFromPrevious: false });
    expect(moved.shots[2]).toMatchObject({ id: "c", continueFromPrevious: true });
    expect(boardDocSchema.safeParse(moved).success).toBe(true);
    const removed = removeShot(threeShots(), "a");
    expect(removed.shots[0]).toMatchObject({ id: "b", continueFromPrevious: false });
  });

  it("duplicates a shot's request right after it, without its takes, trim or chosen take", () => {
    const board = updateShot(threeShots(), "b", {
      chosenTaskId: "t1",
      trimStart: 2,
      trimEnd: 8,
      imageUrls: ["https://example.com/a.png"],
    });
    const copy = duplicateShot(board, "b", "b2");
    expect(ids(copy)).toEqual(["a", "b", "b2", "c"]);
    expect(copy.shots[2]).toMatchObject({
      prompt: "The keeper climbs the stairs",
      continueFromPrevious: true,
      chosenTaskId: null,
      trimStart: 0,
      trimEnd: null,
    });
    expect(copy.shots[2]?.imageUrls).not.toBe(board.shots[1]?.imageUrls);
  });

  it("never removes the last shot", () => {
    const board = newBoard("F", "a");
    expect(removeShot(board, "a")).toBe(board);
  });

  it("refuses duplicate shot ids, a first shot that continues and a trim that keeps less than half a second", () => {
    const board = threeShots();
    const twice = { ...board, shots: [...board.shots, { ...board.shots[1]! }] };
    expect(boardDocSchema.safeParse(twice).error?.issues[0]?.path).toEqual(["shots", 3, "id"]);
    const firstContinues = {
      ...board,
      shots: [{ ...board.shots[0]!, continueFromPrevious: true }, ...board.shots.slice(1)],
    };
    expect(boardDocSchema.safeParse(firstContinues).error?.issues[0]?.path).toEqual([
      "shots",
      0,
      "continueFromPrevious",
    ]);
    const tiny = updateShot(board, "a", { trimStart: 3, trimEnd: 3.2 });
    expect(boardDocSchema.safeParse(tiny).error?.issues[0]?.path).toEqual(["shots", 0, "trimEnd"]);
  });
});

describe("chosen take and continuity frame", () => {
  it("uses the chosen take while it is finished, else the newest finished take", () => {
    const old = take("old", "succeeded");
    const newer = take("newer", "succeeded");
    const failed = take("failed", "failed");
    expect(chosenTake({ chosenTaskId: null }, [old, newer, failed])?.id).toBe("newer");
    expect(chosenTake({ chosenTaskId: "old" }, [old, newer, failed])?.id).toBe("old");
    // A chosen take that failed, is rendering or was deleted does not count.
    expect(chosenTake({ chosenTaskId: "failed" }, [old, newer, failed])?.id).toBe("newer");
    expect(chosenTake({ chosenTaskId: "gone" }, [old])?.id).toBe("old");
    expect(chosenTake({ chosenTaskId: null }, [take("r", "processing"), failed])).toBeUndefined();
  });

  it("continues from the last frame the film shows: the trimmed end, inside the clip", () => {
    expect(continuityFrameTime({ trimStart: 0, trimEnd: null }, 10)).toBe(10);
    expect(continuityFrameTime({ trimStart: 1, trimEnd: 6.5 }, 10)).toBe(6.5);
    // A trim end past the clip (a 10 s board setting on a shorter file) stops at the clip's end.
    expect(continuityFrameTime({ trimStart: 0, trimEnd: 14 }, 10)).toBe(10);
    expect(playedSpan({ trimStart: 9.8, trimEnd: null }, 10)).toEqual({ start: 9.5, end: 10 });
  });

  it("puts the continuity frame first among a shot's images and appends the board's style", () => {
    const board = {
      ...updateShot(threeShots(), "b", { imageUrls: ["https://example.com/ref.png"] }),
      style: "35mm film, warm light",
    };
    const request = shotRequest(board, board.shots[1]!, "/api/uploads/0123456789abcdef0123456789abcdef");
    expect(request.image_urls).toEqual([
      "/api/uploads/0123456789abcdef0123456789abcdef",
      "https://example.com/ref.png",
    ]);
    expect(request.prompt).toBe("The keeper climbs the stairs\n\n35mm film, warm light");
    expect(generationSchema.safeParse(request).success).toBe(true);
  });

  it("shares the board's character only with shots that use it, and lets a shot override the board's settings", () => {
    const board = { ...threeShots(), character: { url: "https://example.com/cat.mp4", start: 0, end: 2 } };
    const withCharacter = updateShot(board, "a", { useCharacter: true, model: "sora-2-pro", duration: 25 });
    expect(shotRequest(withCharacter, withCharacter.shots[0]!)).toMatchObject({
      character_url: "https://example.com/cat.mp4",
      character_start: 0,
      character_end: 2,
      model: "sora-2-pro",
      duration: 25,
    });
    expect(shotRequest(withCharacter, withCharacter.shots[1]!)).not.toHaveProperty("character_url");
    expect(shotRequest(withCharacter, withCharacter.shots[1]!)).toMatchObject({ model: "sora-2", duration: 10 });
  });
});

describe("generation plan", () => {
  it("all on a fresh board: the first starts, the continuing ones wait for the shot before them", () => {
    expect(generationPlan(threeShots(), new Map(), "all")).toEqual([
      { shotId: "a", action: "start" },
      { shotId: "b", action: "wait", after: "a" },
      { shotId: "c", action: "wait", after: "b" },
    ]);
  });

  it("continues from the previous shot's chosen take when it has one", () => {
    const board = updateShot(threeShots(), "a", { chosenTaskId: "a1" });
    const takes = new Map([["a", [take("a1", "succeeded"), take("a2", "succeeded")]]]);
    expect(generationPlan(board, takes, ["b"])).toEqual([
      { shotId: "b", action: "start", continueFrom: { shotId: "a", take: "a1" } },
    ]);
  });

  it("missing: only shots with neither a finished take nor one rendering", () => {
    const takes = new Map([
      ["a", [take("a1", "succeeded")]],
      ["b", [take("b1", "processing")]],
    ]);
    expect(generationPlan(threeShots(), takes, "missing")).toEqual([{ shotId: "c", action: "wait", after: "b" }]);
  });

  it("skips, saying why: no prompt, already rendering, previous failed, previous never generated, an invalid request", () => {
    let board = updateShot(threeShots(), "a", { prompt: "" });
    const [noPrompt] = generationPlan(board, new Map(), ["a"]);
    expect(noPrompt).toMatchObject({ action: "skip", reason: "no_prompt" });
    board = threeShots();
    expect(generationPlan(board, new Map([["a", [take("a1", "queued")]]]), ["a"])[0]).toMatchObject({
      action: "skip",
      reason: "busy",
    });
    expect(generationPlan(board, new Map([["a", [take("a1", "failed")]]]), ["b"])[0]).toMatchObject({
      action: "skip",
      reason: "previous_failed",
      message: expect.stringContaining("shot 1"),
    });
    expect(generationPlan(board, new Map(), ["b"])[0]).toMatchObject({ action: "skip", reason: "previous_missing" });
    const tooLong = updateShot(board, "a", { duration: 25 });
    expect(generationPlan(tooLong, new Map(), ["a"])[0]).toMatchObject({
      action: "skip",
      reason: "invalid",
      message: expect.stringContaining("sora-2-pro"),
    });
  });

  it("a shot waits for a previous shot that is itself waiting", () => {
    expect(generationPlan(threeShots(), new Map(), ["c"], new Set(["b"]))).toEqual([
      { shotId: "c", action: "wait", after: "b" },
    ]);
  });
});

describe("the film", () => {
  it("is the chosen takes in order, trimmed; shots without a finished take are gaps, saying why", () => {
    const board = updateShot(updateShot(threeShots(), "a", { trimStart: 1, trimEnd: 9 }), "c", { chosenTaskId: "c1" });
    const takes = new Map([
      ["a", [take("a1", "succeeded")]],
      ["b", [take("b1", "processing"), take("b0", "failed")]],
      ["c", [take("c1", "succeeded"), take("c2", "succeeded")]],
    ]);
    const { segments, gaps } = filmSegments(board, takes);
    expect(segments.map((s) => [s.shotId, s.take.id, s.start, s.end])).toEqual([
      ["a", "a1", 1, 9],
      ["c", "c1", 0, 10],
    ]);
    expect(gaps).toEqual([{ shotId: "b", index: 1, reason: "rendering" }]);
    expect(filmSegments(board, new Map([["b", [take("x", "failed")]]])).gaps.map((g) => g.reason)).toEqual([
      "no_take",
      "failed",
      "no_take",
    ]);
  });

  it("overlaps neighbours by the crossfade, never more than half the shortest shot", () => {
    expect(filmTimeline([10, 10, 10], 0)).toEqual({ starts: [0, 10, 20], total: 30, crossfade: 0 });
    expect(filmTimeline([10, 10, 10], 1)).toEqual({ starts: [0, 9, 18], total: 28, crossfade: 1 });
    expect(filmTimeline([10, 1, 10], 2)).toEqual({ starts: [0, 9.5, 10], total: 20, crossfade: 0.5 });
    expect(filmTimeline([10], 2)).toEqual({ starts: [0], total: 10, crossfade: 0 });
    expect(effectiveCrossfade([], 1)).toBe(0);
  });
});
