"use client";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { filmSegments, filmTimeline, type BoardDoc } from "@/lib/schemas/board";
import type { Task } from "@/lib/schemas/task";
import { FilmPlayer, type PlayerState } from "./film-player";

const ASPECT = {
  landscape: "aspect-video max-w-2xl mx-auto",
  portrait: "aspect-[9/16] max-h-[28rem] mx-auto",
  square: "aspect-square max-h-[28rem] mx-auto",
} as const;

const clock = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, "0")}`;

/** The board's film as it stands: the chosen takes back to back, a timeline of its shots, and what is missing. */
export function FilmPreview({
  doc,
  takes,
  footer,
}: {
  doc: BoardDoc;
  takes: Record<string, Task[]>;
  footer?: ReactNode;
}) {
  const t = useTranslations("storyboard.preview");
  const { segments, gaps } = useMemo(() => filmSegments(doc, new Map(Object.entries(takes))), [doc, takes]);
  const durations = segments.map((s) => s.end - s.start);
  const timeline = filmTimeline(durations, doc.crossfade);
  const a = useRef<HTMLVideoElement>(null);
  const b = useRef<HTMLVideoElement>(null);
  const player = useRef<FilmPlayer | null>(null);
  const [state, setState] = useState<PlayerState>({ playing: false, index: 0, time: 0, total: 0, waiting: false });
  const [switches, setSwitches] = useState({ all: 0, unready: 0 });

  useEffect(() => {
    if (!a.current || !b.current) return;
    const film = new FilmPlayer([a.current, b.current], (next) => {
      setState(next);
      setSwitches({ all: film.switches, unready: film.unreadySwitches });
    });
    player.current = film;
    return () => {
      film.destroy();
      player.current = null;
    };
  }, []);

  const key = JSON.stringify([segments.map((s) => [s.take.videos[0]?.url, s.start, s.end]), timeline]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key says when the film changed; the arrays themselves are new on every render
  useEffect(() => {
    player.current?.load(
      segments.map((s) => ({ url: s.take.videos[0]?.url ?? "", start: s.start, end: s.end })),
      timeline.starts,
      timeline.total,
      timeline.crossfade,
    );
  }, [key]);

  const current = segments[state.index];
  return (
    <section
      aria-labelledby="preview-heading"
      className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="preview-heading" className="font-semibold">
          {t("heading")}
        </h2>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          {segments.length > 0
            ? t("length", { seconds: Math.round(timeline.total * 10) / 10, count: segments.length })
            : t("empty")}
        </p>
      </div>
      <div
        className={cx(
          "relative overflow-hidden rounded-lg bg-black",
          ASPECT[doc.defaults.orientation],
          segments.length === 0 && "hidden",
        )}
        data-testid="film-preview"
        data-switches={switches.all}
        data-unready-switches={switches.unready}
        data-shot={current ? current.index + 1 : ""}
      >
        {[a, b].map((ref, i) => (
          <video
            // biome-ignore lint/suspicious/noArrayIndexKey: always the same two players, in order
            key={i}
            ref={ref}
            className="absolute inset-0 h-full w-full object-contain"
            style={{ opacity: i === 0 ? 1 : 0 }}
            aria-hidden={true}
            tabIndex={-1}
          />
        ))}
        {state.waiting && (
          <span className="absolute right-2 top-2 rounded bg-black/60 px-2 py-0.5 text-xs text-white">
            {t("buffering")}
          </span>
        )}
        {current && (
          <span className="absolute left-2 top-2 rounded bg-black/60 px-2 py-0.5 text-xs text-white" aria-hidden="true">
            {t("shot", { number: current.index + 1 })}
          </span>
        )}
      </div>
      {segments.length > 0 && (
        <div className="mt-3 space-y-2">
          <div className="flex items-center gap-3">
            <Button
              variant="secondary"
              className="min-w-28 whitespace-nowrap"
              onClick={() => (state.playing ? player.current?.pause() : player.current?.play())}
              aria-label={state.playing ? t("pause") : t("play")}
            >
              {state.playing ? `❚❚ ${t("pause")}` : `▶ ${t("play")}`}
            </Button>
            <span className="font-mono text-xs tabular-nums text-zinc-600 dark:text-zinc-400" aria-live="off">
              {clock(state.time)} / {clock(timeline.total)}
            </span>
          </div>
          <div className="relative">
            <ol className="flex h-9 gap-px overflow-hidden rounded-md" aria-label={t("timeline")}>
              {segments.map((segment, i) => (
                <li key={segment.shotId} style={{ flexGrow: durations[i], flexBasis: 0 }} className="min-w-0">
                  <button
                    type="button"
                    onClick={() => player.current?.jumpTo(i)}
                    aria-current={i === state.index ? "true" : undefined}
                    aria-label={t("jump", { number: segment.index + 1, from: clock(timeline.starts[i] ?? 0) })}
                    className={cx(
                      "h-full w-full truncate px-1 text-xs font-medium focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-violet-500",
                      i === state.index
                        ? "bg-violet-600 text-white"
                        : "bg-violet-100 text-violet-900 hover:bg-violet-200 dark:bg-violet-900/40 dark:text-violet-100 dark:hover:bg-violet-900/70",
                    )}
                  >
                    {segment.index + 1}
                  </button>
                </li>
              ))}
            </ol>
            <div
              className="pointer-events-none absolute inset-y-0 w-0.5 bg-zinc-900 dark:bg-white"
              style={{ left: `${timeline.total ? (state.time / timeline.total) * 100 : 0}%` }}
              aria-hidden="true"
            />
          </div>
          <label className="block">
            <span className="sr-only">{t("position")}</span>
            <input
              type="range"
              min={0}
              max={timeline.total}
              step={0.1}
              value={Math.min(state.time, timeline.total)}
              onChange={(e) => player.current?.seek(Number(e.target.value))}
              aria-valuetext={`${clock(state.time)} / ${clock(timeline.total)}`}
              className="w-full accent-violet-600"
            />
          </label>
        </div>
      )}
      {gaps.length > 0 && (
        <ul className="mt-3 space-y-0.5 text-xs text-amber-800 dark:text-amber-200">
          {gaps.map((gap) => (
            <li key={gap.shotId}>{t(`gap.${gap.reason}`, { number: gap.index + 1 })}</li>
          ))}
        </ul>
      )}
      {footer}
    </section>
  );
}
