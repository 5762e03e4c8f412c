// The decisions of synchronised playback, free of the DOM so they can be tested: which video is
// the clock, where each follower should be, when a follower is corrected and how, and where a
// frame step or the end of the clock leads. `use-synced-videos.ts` applies them to <video>s.

/** The speeds offered; 1 is the default. */
export const SPEEDS = [0.25, 0.5, 1, 1.5, 2] as const;
export type Speed = (typeof SPEEDS)[number];

/** One frame, when the real frame rate is not known (browsers do not expose it cheaply). */
export const FRAME_S = 1 / 30;

/** A follower further than this from the clock is corrected. */
export const DRIFT_TOLERANCE_S = 0.05;

/** Up to this far off, a playing follower is nudged (its speed changed a little); further, it is re-seeked. */
export const NUDGE_LIMIT_S = 0.25;

/** A nudged follower closes its gap over about this long: 0.1 s behind plays 10 % faster. */
const NUDGE_WINDOW_S = 1;
/** A nudge never changes a follower's speed by more than this fraction. */
const NUDGE_MAX = 0.2;

/** The clock is the longest video (unknown lengths count as 0); the first of equals. -1 when none. */
export function masterIndex(durations: readonly number[]): number {
  let best = -1;
  durations.forEach((d, i) => {
    const length = Number.isFinite(d) ? d : 0;
    if (best === -1 || length > (Number.isFinite(durations[best]) ? (durations[best] as number) : 0)) best = i;
  });
  return best;
}

/** Where a video of this length belongs when the clock reads `time`: a shorter one holds its last frame. */
export function followerTarget(time: number, duration: number): number {
  return Math.max(0, Math.min(time, duration));
}

export type FollowerState = {
  /** The clock's (master's) time. */
  masterTime: number;
  /** Whether the compare is playing. */
  playing: boolean;
  /** The chosen speed. */
  rate: number;
  /** The follower's own time, length, and whether it is paused or mid-seek. */
  time: number;
  duration: number;
  paused: boolean;
  seeking: boolean;
};

/** What to do to a follower: its speed, and optionally a seek and a play or a pause. */
export type FollowerAction = { rate: number; seekTo?: number; play?: boolean; pause?: boolean };

/**
 * One correction step for a follower. Within DRIFT_TOLERANCE_S it plays at the chosen speed; a
 * small drift while playing is nudged away by a slightly different speed (no visible jump); a
 * large one, or any drift while paused, is re-seeked. Past its own end it holds its last frame.
 */
export function followerAction(s: FollowerState): FollowerAction {
  const target = followerTarget(s.masterTime, s.duration);
  const holding = s.masterTime >= s.duration;
  if (holding) {
    // The clock ran past this video's end: keep its last frame, still.
    const atEnd = Math.abs(s.time - s.duration) <= DRIFT_TOLERANCE_S;
    return {
      rate: s.rate,
      ...(s.paused ? {} : { pause: true }),
      ...(atEnd || s.seeking ? {} : { seekTo: s.duration }),
    };
  }
  const play = s.playing && s.paused ? { play: true } : {};
  const pause = !s.playing && !s.paused ? { pause: true } : {};
  // A seek in flight: its result is not known yet, so do not pile another one on.
  if (s.seeking) return { rate: s.rate, ...play, ...pause };
  const drift = s.time - target;
  if (Math.abs(drift) <= DRIFT_TOLERANCE_S) return { rate: s.rate, ...play, ...pause };
  if (!s.playing || s.paused || Math.abs(drift) > NUDGE_LIMIT_S)
    return { rate: s.rate, seekTo: target, ...play, ...pause };
  const factor = Math.min(1 + NUDGE_MAX, Math.max(1 - NUDGE_MAX, 1 - drift / NUDGE_WINDOW_S));
  return { rate: Math.round(s.rate * factor * 100) / 100 };
}

/**
 * The time one frame back (-1) or forward (+1) of `time`, on the frame grid, within [0, duration].
 * Off-grid times (after a seek to 2.01 s) first snap to the nearest frame.
 */
export function stepFrame(time: number, direction: -1 | 1, duration: number, frame = FRAME_S): number {
  const index = Math.round(time / frame) + direction;
  const next = Math.round(index * frame * 1e6) / 1e6;
  return Math.max(0, Math.min(Number.isFinite(duration) ? duration : next, next));
}

/** What happens when the clock reaches its end: with loop, all start again together; otherwise they stop there. */
export function onClockEnd(loop: boolean): { seekTo: number; playing: boolean } | { playing: false } {
  return loop ? { seekTo: 0, playing: true } : { playing: false };
}

/** Play pressed at (or past) the end of the clock starts again from the beginning, as a single player does. */
export function playFrom(time: number, duration: number): number {
  return Number.isFinite(duration) && time >= duration - DRIFT_TOLERANCE_S ? 0 : time;
}

/** Clamps a seek to the clock's length. */
export function clampTime(time: number, duration: number): number {
  if (!Number.isFinite(time)) return 0;
  return Math.max(0, Number.isFinite(duration) ? Math.min(time, duration) : time);
}
