import { describe, expect, it } from "vitest";
import {
  DRIFT_TOLERANCE_S,
  FRAME_S,
  NUDGE_LIMIT_S,
  clampTime,
  followerAction,
  masterIndex,
  onClockEnd,
  playFrom,
  stepFrame,
  type FollowerState,
} from "@/components/compare/sync";

const follower = (over: Partial<FollowerState>): FollowerState => ({
  masterTime: 5,
  playing: true,
  rate: 1,
  time: 5,
  duration: 10,
  paused: false,
  seeking: false,
  ...over,
});

describe("masterIndex", () => {
  it("is the longest video, the first of equals, unknown lengths counting as 0", () => {
    expect(masterIndex([10, 15, 10])).toBe(1);
    expect(masterIndex([15, 15])).toBe(0);
    expect(masterIndex([Number.NaN, 4])).toBe(1);
    expect(masterIndex([Number.NaN, Number.NaN])).toBe(0);
    expect(masterIndex([])).toBe(-1);
  });
});

describe("followerAction: drift correction", () => {
  it("leaves a follower within the tolerance alone at the chosen speed", () => {
    expect(followerAction(follower({ time: 5 + DRIFT_TOLERANCE_S * 0.9, rate: 2 }))).toEqual({ rate: 2 });
    expect(followerAction(follower({ time: 5 - DRIFT_TOLERANCE_S }))).toEqual({ rate: 1 });
  });

  it("nudges a small drift while playing: slower when ahead, faster when behind, no seek", () => {
    const ahead = followerAction(follower({ time: 5.1 }));
    expect(ahead.seekTo).toBeUndefined();
    expect(ahead.rate).toBeCloseTo(0.9);
    const behind = followerAction(follower({ time: 4.9, rate: 2 }));
    expect(behind.seekTo).toBeUndefined();
    expect(behind.rate).toBeCloseTo(2.2);
  });

  it("re-seeks a drift beyond the nudge limit", () => {
    expect(followerAction(follower({ time: 5 - NUDGE_LIMIT_S - 0.1 }))).toEqual({ rate: 1, seekTo: 5 });
    expect(followerAction(follower({ time: 7 }))).toEqual({ rate: 1, seekTo: 5 });
  });

  it("re-seeks any drift beyond the tolerance while paused, and pauses a follower still playing", () => {
    expect(followerAction(follower({ playing: false, paused: true, time: 5.1 }))).toEqual({ rate: 1, seekTo: 5 });
    expect(followerAction(follower({ playing: false, paused: false }))).toEqual({ rate: 1, pause: true });
  });

  it("starts a paused follower again while the compare plays (after a loop, a stall)", () => {
    expect(followerAction(follower({ paused: true, masterTime: 0, time: 0 }))).toEqual({ rate: 1, play: true });
    expect(followerAction(follower({ paused: true, masterTime: 0, time: 10 }))).toEqual({
      rate: 1,
      seekTo: 0,
      play: true,
    });
  });

  it("does not pile a seek on one in flight", () => {
    expect(followerAction(follower({ seeking: true, time: 1 }))).toEqual({ rate: 1 });
  });
});

describe("followerAction: a shorter video holds its last frame", () => {
  it("stays paused at its end while the clock runs on", () => {
    expect(followerAction(follower({ masterTime: 12, duration: 10, time: 10, paused: true }))).toEqual({ rate: 1 });
  });

  it("is paused and brought to its end if it is not there", () => {
    expect(followerAction(follower({ masterTime: 12, duration: 10, time: 9.5, paused: false }))).toEqual({
      rate: 1,
      pause: true,
      seekTo: 10,
    });
  });

  it("a seek within its length brings it back", () => {
    expect(followerAction(follower({ masterTime: 3, duration: 10, time: 10, paused: true, playing: false }))).toEqual({
      rate: 1,
      seekTo: 3,
    });
  });
});

describe("stepFrame", () => {
  it("moves one frame on the frame grid", () => {
    expect(stepFrame(2, 1, 10)).toBeCloseTo(2 + FRAME_S, 6);
    expect(stepFrame(2, -1, 10)).toBeCloseTo(2 - FRAME_S, 6);
    // Off the grid: snapped to the nearest frame first.
    expect(stepFrame(2.01, 1, 10)).toBeCloseTo(2 + FRAME_S, 6);
  });

  it("is clamped to the start and the end", () => {
    expect(stepFrame(0, -1, 10)).toBe(0);
    expect(stepFrame(0.01, -1, 10)).toBe(0);
    expect(stepFrame(10, 1, 10)).toBe(10);
    expect(stepFrame(9.99, 1, 10)).toBe(10);
  });

  it("takes another frame length when one is known", () => {
    expect(stepFrame(1, 1, 10, 1 / 24)).toBeCloseTo(1 + 1 / 24, 6);
  });
});

describe("end and loop", () => {
  it("loops back to the start and keeps playing, or stops at the end", () => {
    expect(onClockEnd(true)).toEqual({ seekTo: 0, playing: true });
    expect(onClockEnd(false)).toEqual({ playing: false });
  });

  it("play at the end starts from the beginning; elsewhere it resumes", () => {
    expect(playFrom(15, 15)).toBe(0);
    expect(playFrom(14.99, 15)).toBe(0);
    expect(playFrom(7, 15)).toBe(7);
  });

  it("a seek is clamped to the clock", () => {
    expect(clampTime(-1, 10)).toBe(0);
    expect(clampTime(12, 10)).toBe(10);
    expect(clampTime(Number.NaN, 10)).toBe(0);
    expect(clampTime(3, Number.NaN)).toBe(3);
  });
});
