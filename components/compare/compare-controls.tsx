"use client";
import { useEffect, useId, useRef, type KeyboardEvent } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { PressedGroup } from "@/components/ui/pressed-group";
import { SPEEDS, type Speed } from "./sync";
import type { SyncedVideos } from "./use-synced-videos";

// One set of controls for every video on the page: play/pause, one frame back or forward, a
// scrubber, speed, loop and sound, with Space and ←/→ as shortcuts anywhere a control of the
// page does not already use those keys.

/** Keys that belong to the focused element, not to the shortcuts. */
function ownsKeys(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // Fields, radio groups, and anything marked data-own-keys (the table that scrolls sideways with ←/→).
  if (
    target.isContentEditable ||
    target.closest("input, textarea, select, [role=radiogroup], [role=radio], [data-own-keys]")
  )
    return true;
  // Space presses a focused button or follows a link.
  return key === " " && target.closest("button, a, [role=link], summary") !== null;
}

/** Page Up / Page Down on the scrubber move this far. */
const PAGE_S = 1;

/** `soundFrom`: the letter of the first video that plays, the only one whose sound can be turned on. */
export function CompareControls({ sync, ready, soundFrom }: { sync: SyncedVideos; ready: boolean; soundFrom: string }) {
  const t = useTranslations("compare.controls");
  const hintId = useId();
  const seconds = (value: number) => t("seconds", { value: (Number.isFinite(value) ? value : 0).toFixed(2) });
  const total = Number.isFinite(sync.duration) ? sync.duration : 0;
  const busy = sync.waiting;
  const active = sync.playing || busy;

  // The shortcuts read the controls through a ref: subscribed once, not on every re-render while playing.
  const latest = useRef({ sync, ready });
  latest.current = { sync, ready };
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const { sync: s, ready: enabled } = latest.current;
      if (
        !enabled ||
        event.defaultPrevented ||
        event.altKey ||
        event.ctrlKey ||
        event.metaKey ||
        ownsKeys(event.target, event.key)
      )
        return;
      if (event.key === " ") s.toggle();
      else if (event.key === "ArrowLeft") s.step(-1);
      else if (event.key === "ArrowRight") s.step(1);
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // The scrubber's keys: ←/→ one frame (as everywhere on the page), Page Up/Down a second, Home/End the ends.
  const scrubberKeys = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case "ArrowLeft":
      case "ArrowDown":
        sync.step(-1);
        break;
      case "ArrowRight":
      case "ArrowUp":
        sync.step(1);
        break;
      case "PageDown":
        sync.seek(sync.time - PAGE_S);
        break;
      case "PageUp":
        sync.seek(sync.time + PAGE_S);
        break;
      case "Home":
        sync.seek(0);
        break;
      case "End":
        sync.seek(total);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <section
      role="group"
      aria-label={t("label")}
      aria-describedby={hintId}
      data-testid="compare-controls"
      className="sticky bottom-3 z-10 space-y-3 rounded-xl border border-zinc-200 bg-white/95 p-3 shadow-lg backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/95"
    >
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant="secondary"
          className="px-2.5"
          aria-label={t("back")}
          title={t("back")}
          onClick={() => sync.step(-1)}
          disabled={!ready}
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4" fill="currentColor">
            <path d="M6 5h2v14H6zM20 5v14l-10-7z" />
          </svg>
        </Button>
        <Button className="min-w-24" onClick={sync.toggle} disabled={!ready} aria-busy={busy || undefined}>
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4" fill="currentColor">
            {active ? <path d="M7 5h4v14H7zM13 5h4v14h-4z" /> : <path d="M7 4.5v15l12.5-7.5z" />}
          </svg>
          {busy ? t("starting") : sync.playing ? t("pause") : t("play")}
        </Button>
        <Button
          variant="secondary"
          className="px-2.5"
          aria-label={t("forward")}
          title={t("forward")}
          onClick={() => sync.step(1)}
          disabled={!ready}
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4" fill="currentColor">
            <path d="M16 5h2v14h-2zM4 5v14l10-7z" />
          </svg>
        </Button>
        <span
          className="ml-auto font-mono text-sm tabular-nums text-zinc-700 dark:text-zinc-300"
          data-testid="compare-time"
        >
          {seconds(sync.time)} / {seconds(total)}
        </span>
      </div>
      <input
        type="range"
        aria-label={t("scrubber")}
        aria-valuetext={t("timeOf", { time: seconds(sync.time), total: seconds(total) })}
        min={0}
        max={total}
        step="any"
        value={Math.min(sync.time, total)}
        disabled={!ready || total === 0}
        onChange={(e) => sync.seek(Number(e.target.value))}
        onKeyDown={scrubberKeys}
        className="w-full accent-violet-600"
      />
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        <span className="flex items-center gap-2">
          <span className="text-xs font-medium text-zinc-600 dark:text-zinc-400" aria-hidden="true">
            {t("speed")}
          </span>
          <PressedGroup<string>
            label={t("speed")}
            options={SPEEDS.map((s) => ({ value: String(s), label: t("speedValue", { value: s }) }))}
            value={String(sync.rate)}
            onChoose={(value) => sync.setRate(Number(value) as Speed)}
          />
        </span>
        <label className="inline-flex cursor-pointer items-center gap-1.5 rounded px-1 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-violet-500">
          <input
            type="checkbox"
            checked={sync.loop}
            onChange={(e) => sync.setLoop(e.target.checked)}
            className="h-4 w-4 accent-violet-600"
          />
          {t("loop")}
        </label>
        <label
          className="inline-flex cursor-pointer items-center gap-1.5 rounded px-1 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-violet-500"
          title={t("soundHint", { letter: soundFrom })}
        >
          <input
            type="checkbox"
            checked={!sync.muted}
            onChange={(e) => sync.setMuted(!e.target.checked)}
            className="h-4 w-4 accent-violet-600"
          />
          {t("sound", { letter: soundFrom })}
        </label>
        {/* A phone has no keyboard to speak of: the hint gives its room to the videos there (still read as the controls' description). */}
        <p id={hintId} className="hidden text-xs text-zinc-600 sm:ml-auto sm:block dark:text-zinc-400">
          {t("keys")}
        </p>
      </div>
    </section>
  );
}
