"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { clampTime, followerAction, masterIndex, onClockEnd, playFrom, stepFrame, type Speed } from "./sync";

// Drives several <video> elements as one: the longest is the clock (master), the others follow
// it (see sync.ts for every decision). Play waits until every video can play, so they start
// together; while playing, each animation frame compares the followers to the clock.

/** The time shown is updated at most this often while playing (re-rendering 60 times a second buys nothing). */
const TIME_UI_STEP_S = 0.05;
/** HTMLMediaElement.HAVE_FUTURE_DATA: enough to start playing ("canplay"). */
const HAVE_FUTURE_DATA = 3;

export type SyncedVideos = {
  /** A ref callback for the i-th video. */
  ref: (index: number) => (element: HTMLVideoElement | null) => void;
  /** Handlers each <video> needs (length known, the clock's end). */
  handlers: (index: number) => { onLoadedMetadata: () => void; onDurationChange: () => void; onEnded: () => void };
  playing: boolean;
  /** Play was pressed and some video is still loading. */
  waiting: boolean;
  time: number;
  /** The clock's length (the longest video); NaN until known. */
  duration: number;
  rate: Speed;
  loop: boolean;
  muted: boolean;
  toggle: () => void;
  play: () => Promise<void>;
  pause: () => void;
  seek: (time: number) => void;
  step: (direction: -1 | 1) => void;
  setRate: (rate: Speed) => void;
  setLoop: (loop: boolean) => void;
  setMuted: (muted: boolean) => void;
};

/** Resolves once the video can play from where it is (or is broken, so it cannot hold the others back). */
function canPlay(video: HTMLVideoElement): Promise<void> {
  return new Promise((resolve) => {
    const ready = () => video.error !== null || (video.readyState >= HAVE_FUTURE_DATA && !video.seeking);
    if (ready()) return resolve();
    const events = ["canplay", "canplaythrough", "seeked", "loadeddata", "error"] as const;
    const check = () => {
      if (!ready()) return;
      for (const e of events) video.removeEventListener(e, check);
      resolve();
    };
    for (const e of events) video.addEventListener(e, check);
  });
}

export function useSyncedVideos(count: number): SyncedVideos {
  const elements = useRef<(HTMLVideoElement | null)[]>([]);
  const [durations, setDurations] = useState<number[]>([]);
  const [playing, setPlaying] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const [time, setTime] = useState(0);
  const [rate, setRateState] = useState<Speed>(1);
  const [loop, setLoopState] = useState(false);
  const [muted, setMuted] = useState(true);

  // What the event handlers and the frame loop read: always current, no re-subscribing.
  const live = useRef({ playing: false, wantPlay: false, rate: 1 as number, loop: false, master: -1, shownTime: 0 });
  const master = masterIndex(durations.slice(0, count));
  live.current.master = master;
  const duration = master >= 0 ? (durations[master] ?? Number.NaN) : Number.NaN;

  const videos = useCallback(
    () => elements.current.slice(0, count).filter((v): v is HTMLVideoElement => v !== null),
    [count],
  );
  const clock = useCallback(() => elements.current[live.current.master] ?? null, []);

  const showTime = useCallback((t: number, force = false) => {
    if (force || Math.abs(t - live.current.shownTime) >= TIME_UI_STEP_S) {
      live.current.shownTime = t;
      setTime(t);
    }
  }, []);

  /** Puts every video where the clock's time `t` says (a shorter one at its end). */
  const seekAll = useCallback(
    (t: number) => {
      for (const video of videos()) {
        const own = Number.isFinite(video.duration) ? Math.min(t, video.duration) : t;
        if (Math.abs(video.currentTime - own) > 1e-3) video.currentTime = own;
      }
      showTime(t, true);
    },
    [videos, showTime],
  );

  // The frame loop: only while playing.
  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    const tick = () => {
      const m = clock();
      if (m) {
        const t = m.currentTime;
        showTime(t);
        for (const [i, video] of elements.current.slice(0, count).entries()) {
          if (!video || i === live.current.master || video.error) continue;
          const action = followerAction({
            masterTime: t,
            playing: true,
            rate: live.current.rate,
            time: video.currentTime,
            duration: video.duration,
            paused: video.paused,
            seeking: video.seeking,
          });
          if (action.seekTo !== undefined) video.currentTime = action.seekTo;
          if (video.playbackRate !== action.rate) video.playbackRate = action.rate;
          if (action.pause) video.pause();
          if (action.play) video.play().catch(() => undefined);
        }
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, count, clock, showTime]);

  const pause = useCallback(() => {
    live.current.wantPlay = false;
    live.current.playing = false;
    setPlaying(false);
    setWaiting(false);
    for (const video of videos()) {
      video.pause();
      video.playbackRate = live.current.rate;
    }
    // Stopped: every follower exactly where the clock stopped.
    const m = clock();
    if (m) seekAll(m.currentTime);
  }, [videos, clock, seekAll]);

  const play = useCallback(async () => {
    const m = clock();
    if (!m) return;
    live.current.wantPlay = true;
    const start = playFrom(m.currentTime, m.duration);
    seekAll(start);
    setWaiting(true);
    // All together: nobody starts until every video can play from here.
    await Promise.all(videos().map(canPlay));
    if (!live.current.wantPlay) return;
    setWaiting(false);
    live.current.playing = true;
    setPlaying(true);
    for (const video of videos()) {
      video.playbackRate = live.current.rate;
      if (video.error) continue;
      // A shorter video already past its end just holds its last frame.
      if (Number.isFinite(video.duration) && start >= video.duration) continue;
      video.play().catch(() => undefined);
    }
  }, [clock, videos, seekAll]);

  const seek = useCallback((t: number) => seekAll(clampTime(t, clock()?.duration ?? Number.NaN)), [clock, seekAll]);

  const step = useCallback(
    (direction: -1 | 1) => {
      if (live.current.playing || live.current.wantPlay) pause();
      const m = clock();
      if (m) seekAll(stepFrame(m.currentTime, direction, m.duration));
    },
    [pause, clock, seekAll],
  );

  const setRate = useCallback(
    (next: Speed) => {
      live.current.rate = next;
      setRateState(next);
      for (const video of videos()) video.playbackRate = next;
    },
    [videos],
  );

  const setLoop = useCallback((next: boolean) => {
    live.current.loop = next;
    setLoopState(next);
  }, []);

  const toggle = useCallback(
    () => (live.current.playing || live.current.wantPlay ? pause() : void play()),
    [pause, play],
  );

  // Sound from the first video only: the others stay muted, so voices never overlap.
  // biome-ignore lint/correctness/useExhaustiveDependencies: durations change when players load, and a newly loaded element must be muted too
  useEffect(() => {
    elements.current.slice(0, count).forEach((video, i) => {
      if (video) video.muted = i !== 0 || muted;
    });
  }, [muted, count, durations]);

  // Stop everything when the page goes away.
  useEffect(
    () => () => {
      live.current.wantPlay = false;
    },
    [],
  );

  const refs = useMemo(
    () =>
      Array.from({ length: count }, (_, i) => (element: HTMLVideoElement | null) => {
        elements.current[i] = element;
      }),
    [count],
  );
  const ref = useCallback((i: number) => refs[i] ?? (() => undefined), [refs]);

  const handlers = useCallback(
    (i: number) => {
      const known = () =>
        setDurations((previous) => {
          const next = [...previous];
          next[i] = elements.current[i]?.duration ?? Number.NaN;
          return next;
        });
      return {
        onLoadedMetadata: known,
        onDurationChange: known,
        onEnded: () => {
          if (i !== live.current.master || !live.current.playing) return;
          const end = onClockEnd(live.current.loop);
          if ("seekTo" in end) {
            seekAll(end.seekTo);
            for (const video of videos()) if (!video.error) video.play().catch(() => undefined);
          } else {
            live.current.playing = false;
            live.current.wantPlay = false;
            setPlaying(false);
            showTime(elements.current[i]?.currentTime ?? 0, true);
          }
        },
      };
    },
    [seekAll, videos, showTime],
  );

  return {
    ref,
    handlers,
    playing,
    waiting,
    time,
    duration,
    rate,
    loop,
    muted,
    toggle,
    play,
    pause,
    seek,
    step,
    setRate,
    setLoop,
    setMuted,
  };
}
