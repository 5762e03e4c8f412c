"use client";
import { useEffect, useRef, useState, type ReactNode, type RefObject } from "react";
import { useFormatter, useLocale, useTranslations } from "use-intl";
import { FINISHED_STATES, type Task, type TaskVideo } from "@/lib/schemas/task";
import { cx } from "@/components/ui/cx";
import { RatingBadge } from "@/components/ui/rating-badge";
import { downloadProps } from "../task/download-props";
import { archiveText, archiveView } from "../task/archive-status";
import { SelectForCompare } from "./selection";
import { RunChip } from "./run-chip";
import { TaskActions } from "./task-actions";
import { formatElapsed, settingLabels, statusView, type StatusView } from "../task/task-status";
import { frameOf } from "@/lib/schemas/catalog";

const TONES: Record<StatusView["tone"], string> = {
  neutral: "bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-700",
  busy: "bg-sky-50 text-sky-800 ring-sky-300 dark:bg-sky-950/60 dark:text-sky-200 dark:ring-sky-800",
  good: "bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-950/60 dark:text-emerald-200 dark:ring-emerald-800",
  bad: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950/60 dark:text-red-200 dark:ring-red-800",
  warn: "bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-950/60 dark:text-amber-200 dark:ring-amber-800",
};

const STEPS = ["queued", "submitted", "processing", "succeeded"] as const;

/** How close to the viewport a card's video gets its source and poster (so they are there when it scrolls in). */
const NEAR_VIEWPORT = "200px";

function useNow(active: boolean) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

export function TaskCard({
  task,
  expectedMs,
  onOpen,
}: {
  task: Task;
  expectedMs?: number;
  onOpen: (id: string) => void;
}) {
  const t = useTranslations("gallery");
  const tTask = useTranslations("task");
  const format = useFormatter();
  const locale = useLocale();
  const clock = (ms: number) => formatElapsed(ms, tTask);
  const status = statusView(task);
  const statusLabel = tTask(`status.${status.key}.label`);
  const statusDetail = status.reason ?? tTask(`status.${status.key}.detail`);
  const finished = FINISHED_STATES.includes(task.state);
  const now = useNow(!finished);
  const started = Date.parse(task.createdAt);
  const elapsed = (finished && task.finishedAt ? Date.parse(task.finishedAt) : now) - started;
  const { width, height } = frameOf(task.request);
  const video = task.videos[0];
  const archived = video && task.state === "succeeded" ? archiveView(video, now) : undefined;
  const archive = archived && { ...archiveText(archived, t, tTask, locale), tone: archived.tone };
  const dateTime = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" });
  const stepIndex = task.state === "failed" ? -1 : STEPS.indexOf(task.state as (typeof STEPS)[number]);

  return (
    <article
      aria-labelledby={`task-${task.id}-prompt`}
      data-testid="task-card"
      data-state={task.state}
      className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex justify-center bg-zinc-950">
        {/* The frame keeps the video's own shape; tall videos are capped at 28rem high. A failed task has no frame to keep. */}
        <div
          className="relative"
          style={
            task.state === "failed" && !video
              ? { width: "100%", height: "7rem" }
              : { aspectRatio: `${width} / ${height}`, width: `min(100%, ${((28 * width) / height).toFixed(2)}rem)` }
          }
        >
          {video ? (
            <CardVideo
              video={video}
              label={t("card.videoLabel", { prompt: task.request.prompt.slice(0, 80) })}
              placeholder={
                <>
                  <span className="text-2xl" aria-hidden="true">
                    {status.symbol}
                  </span>
                  <span className="text-sm font-medium">{statusLabel}</span>
                  <span className="max-w-xs text-xs text-zinc-300">{t("card.noPoster")}</span>
                </>
              }
            />
          ) : task.state === "failed" ? (
            <div className="absolute inset-0 flex flex-col items-center justify-center gap-2 bg-gradient-to-br from-zinc-800 to-zinc-900 p-4 text-center text-zinc-200">
              <span className="text-2xl" aria-hidden="true">
                {status.symbol}
              </span>
              <span className="text-sm font-medium">{t("card.noVideo")}</span>
            </div>
          ) : (
            <div className="absolute inset-0 flex flex-col items-center justify-center gap-2 bg-gradient-to-br from-indigo-950 via-violet-900 to-sky-900 p-4 text-center text-white">
              <div className="shimmer absolute inset-0" aria-hidden="true" />
              <span className="text-2xl" aria-hidden="true">
                {status.symbol}
              </span>
              <span className="text-sm font-medium">
                {statusLabel} · {clock(elapsed)}
                {expectedMs !== undefined && (
                  <span className="font-normal text-white/80">
                    {t(elapsed <= expectedMs ? "card.ofAbout" : "card.usuallyAbout", { expected: clock(expectedMs) })}
                  </span>
                )}
              </span>
              <span className="max-w-xs text-xs text-white/80">{statusDetail}</span>
              {task.state === "queued" && task.nextAttemptAt && (
                <span className="text-xs text-white/80">
                  {t("card.nextAttempt", { time: clock(Date.parse(task.nextAttemptAt) - now) })}
                </span>
              )}
            </div>
          )}
          <SelectForCompare task={task} overlay />
        </div>
      </div>

      <div className="space-y-3 p-4">
        <div className="flex flex-wrap items-center gap-2">
          <span
            role="status"
            aria-live="polite"
            className={cx(
              "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset",
              TONES[status.tone],
            )}
          >
            <span aria-hidden="true">{status.symbol}</span>
            {statusLabel}
          </span>
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            {t(finished ? "card.took" : "card.soFar", { elapsed: clock(elapsed) })}
          </span>
          <time
            dateTime={task.createdAt}
            className="ml-auto text-xs text-zinc-500 dark:text-zinc-400"
            suppressHydrationWarning
          >
            {dateTime(task.createdAt)}
          </time>
        </div>

        {stepIndex >= 0 && !finished && (
          <ol className="flex gap-1" aria-label={t("card.progress")}>
            {STEPS.map((step, i) => (
              <li key={step} className="flex-1">
                <div
                  className={cx("h-1 rounded-full", i <= stepIndex ? "bg-violet-500" : "bg-zinc-200 dark:bg-zinc-800")}
                />
                <span
                  className={cx(
                    "mt-1 block text-[11px]",
                    i === stepIndex
                      ? "font-semibold text-zinc-800 dark:text-zinc-100"
                      : "text-zinc-600 dark:text-zinc-400",
                  )}
                >
                  {tTask(`status.${step}.label`)}
                  {i === stepIndex && <span className="sr-only">{t("card.currentStep")}</span>}
                </span>
              </li>
            ))}
          </ol>
        )}

        <p id={`task-${task.id}-prompt`} className="line-clamp-3 text-sm text-zinc-800 dark:text-zinc-200">
          {task.request.prompt}
        </p>

        <div className="flex flex-wrap items-center justify-between gap-2">
          {/* One line of text, not a list of chips: a card's every element counts when thousands scroll by. */}
          <p data-testid="task-settings" className="text-xs text-zinc-600 dark:text-zinc-400">
            <span className="sr-only">{t("card.settings")}: </span>
            {settingLabels(task.request, tTask).join(" · ")}
          </p>
          <span className="flex items-center gap-1">
            <RunChip runId={task.runId} />
            <TaskActions task={task} onOpen={onOpen} detailsClassName="px-2 py-1 text-xs" />
          </span>
        </div>

        {task.state === "failed" && video === undefined && (
          <p
            role="note"
            className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/40 dark:text-red-200"
          >
            <span className="font-semibold">{t("card.why")}</span>
            {statusDetail}
          </p>
        )}

        {video && (
          <div className="flex flex-wrap items-baseline justify-between gap-x-2 gap-y-1 text-xs">
            <a
              {...downloadProps(video.url, task)}
              className="font-medium text-violet-700 hover:underline dark:text-violet-300"
            >
              {t("card.download")}
            </a>
            <RatingBadge value={task.rating} className="mr-auto" />
            {archive && (
              <span
                data-testid="archive-status"
                className={cx(
                  archive.tone === "warn" ? "text-amber-800 dark:text-amber-300" : "text-zinc-500 dark:text-zinc-400",
                )}
                title={video.expiresAt ? t("archive.linkExpires", { date: dateTime(video.expiresAt) }) : undefined}
                suppressHydrationWarning
              >
                {archive.text}
              </span>
            )}
            {archive?.detail && <span className="basis-full text-zinc-500 dark:text-zinc-400">{archive.detail}</span>}
          </div>
        )}
      </div>
    </article>
  );
}

/** True once the element has come within NEAR_VIEWPORT of the viewport (and from then on). */
function useNearViewport(target: RefObject<Element | null>): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = target.current;
    if (near || !element) return;
    if (typeof IntersectionObserver === "undefined") return setNear(true);
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), {
      rootMargin: NEAR_VIEWPORT,
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [near, target]);
  return near;
}

/**
 * The card's player. A gallery of hundreds of cards downloads no video until one is wanted:
 * nothing is preloaded, the source and poster are attached only near the viewport, and a
 * hover (or keyboard focus) plays a muted preview that stops and rewinds on leaving. The
 * native controls stay the way to watch properly; unmuting turns the preview into that.
 * Without a poster, a neutral placeholder shows through until the video has a frame.
 */
function CardVideo({ video, label, placeholder }: { video: TaskVideo; label: string; placeholder: ReactNode }) {
  const frame = useRef<HTMLDivElement>(null);
  const player = useRef<HTMLVideoElement>(null);
  const near = useNearViewport(frame);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const [painted, setPainted] = useState(false);
  // Set while our own muted preview runs: only that is stopped on leaving, never playback the viewer chose.
  const preview = useRef<{ wasMuted: boolean } | null>(null);
  const engaged = hovered || focused;
  const src = near || engaged ? video.url : undefined;

  useEffect(() => {
    const element = player.current;
    if (!element || !src) return;
    if (engaged) {
      if (!element.paused || preview.current || matchMedia("(prefers-reduced-motion: reduce)").matches) return;
      preview.current = { wasMuted: element.muted };
      element.muted = true;
      // Refused (autoplay policy, a broken source): the controls remain.
      element.play().catch(() => undefined);
    } else if (preview.current) {
      const { wasMuted } = preview.current;
      preview.current = null;
      element.pause();
      element.currentTime = 0;
      element.muted = wasMuted;
    }
  }, [engaged, src]);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: hover and focus only show the controls inside it
    <div
      ref={frame}
      className="absolute inset-0 bg-gradient-to-br from-zinc-700 via-zinc-800 to-zinc-900"
      // Touch has no hover: a tap is the controls' business.
      onPointerEnter={(e) => {
        if (e.pointerType !== "touch") setHovered(true);
      }}
      onPointerLeave={(e) => {
        if (e.pointerType !== "touch") setHovered(false);
      }}
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) setFocused(false);
      }}
    >
      {!video.posterUrl && !painted && (
        <div
          data-testid="video-placeholder"
          className="absolute inset-0 flex flex-col items-center justify-center gap-2 p-4 text-center text-zinc-100"
        >
          {placeholder}
        </div>
      )}
      <video
        ref={player}
        src={src}
        poster={near && video.posterUrl ? video.posterUrl : undefined}
        controls
        playsInline
        preload="none"
        aria-label={label}
        onLoadedData={() => setPainted(true)}
        // The viewer unmuted: they are watching now, and leaving must not stop it.
        onVolumeChange={(e) => {
          if (!e.currentTarget.muted) preview.current = null;
        }}
        // Transparent until it has a frame or a poster: the placeholder behind shows, the controls stay on top.
        className="relative h-full w-full object-contain"
      />
    </div>
  );
}
