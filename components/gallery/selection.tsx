"use client";
import Link from "next/link";
import { createContext, useCallback, useContext, useEffect, useId, useMemo, useState, type ReactNode } from "react";
import { useTranslations } from "use-intl";
import { COMPARE_MAX, COMPARE_MIN, compareHref } from "@/components/compare/compare-ids";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import type { Task } from "@/lib/schemas/task";
import { isSelectable, toggleSelected } from "./selection-state";

// Picking 2–4 finished videos in the gallery to compare side by side. The pick survives going
// to the compare page and back (kept for the tab's session).

type Selection = { ids: string[]; refused: boolean; toggle: (id: string) => void; clear: () => void };

const SelectionContext = createContext<Selection | null>(null);
const STORAGE_KEY = "studio-compare-selection";

export function CompareSelectionProvider({ children }: { children: ReactNode }) {
  const [ids, setIds] = useState<string[]>([]);
  const [refused, setRefused] = useState(false);

  useEffect(() => {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "[]") as unknown;
      if (Array.isArray(saved)) setIds(saved.filter((x): x is string => typeof x === "string").slice(0, COMPARE_MAX));
    } catch {
      // A damaged entry is no selection.
    }
  }, []);

  const save = useCallback((next: string[]) => {
    setIds(next);
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    } catch {
      // Storage refused (private mode): the selection just does not survive a reload.
    }
  }, []);

  const value = useMemo<Selection>(
    () => ({
      ids,
      refused,
      toggle: (id) => {
        const result = toggleSelected(ids, id);
        setRefused(result.refused);
        if (!result.refused) save(result.ids);
      },
      clear: () => (setRefused(false), save([])),
    }),
    [ids, refused, save],
  );
  return <SelectionContext.Provider value={value}>{children}</SelectionContext.Provider>;
}

function useSelection(): Selection | null {
  return useContext(SelectionContext);
}

/**
 * The "Compare" checkbox of a card (over the video's top-left corner) or a list row (inline);
 * nothing for a task without a finished video, or outside the gallery.
 */
export function SelectForCompare({ task, overlay }: { task: Task; overlay?: boolean }) {
  const t = useTranslations("compare.select");
  const selection = useSelection();
  if (!selection || !isSelectable(task)) return null;
  const checked = selection.ids.includes(task.id);
  return (
    <label
      className={cx(
        "inline-flex shrink-0 cursor-pointer items-center gap-1.5 rounded-md px-1.5 py-1 text-xs font-medium has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-violet-500",
        overlay
          ? "absolute left-2 top-2 z-10 bg-zinc-950/70 text-white backdrop-blur-sm hover:bg-zinc-950/85 has-[:checked]:bg-violet-700/90"
          : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
      )}
    >
      <input
        type="checkbox"
        checked={checked}
        onChange={() => selection.toggle(task.id)}
        aria-label={t("pickLabel", { prompt: task.request.prompt.slice(0, 60) })}
        className="h-4 w-4 accent-violet-600"
      />
      {/* Plain text (the checkbox's own label names it): one element less on every card. */}
      {t("pick")}
    </label>
  );
}

/** "2 selected · Compare · Clear", stuck to the bottom of the screen while anything is picked. */
export function CompareBar() {
  const t = useTranslations("compare.select");
  const selection = useSelection();
  const reasonId = useId();
  if (!selection || selection.ids.length === 0) return null;
  const { ids, refused, clear } = selection;
  const enough = ids.length >= COMPARE_MIN;
  return (
    <div
      role="region"
      aria-label={t("barLabel")}
      data-testid="compare-bar"
      className="sticky bottom-4 z-20 flex flex-wrap items-center gap-x-3 gap-y-2 rounded-xl border border-violet-300 bg-white/95 px-4 py-3 text-sm shadow-lg backdrop-blur dark:border-violet-800 dark:bg-zinc-900/95"
    >
      <span className="font-medium" aria-live="polite">
        {t("selected", { count: ids.length })}
      </span>
      <span aria-hidden="true" className="text-zinc-400">·</span>
      {enough ? (
        <Link href={compareHref(ids)} className="rounded-lg bg-violet-600 px-3 py-1.5 font-medium text-white shadow-sm hover:bg-violet-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-500">
          {t("compare")}
        </Link>
      ) : (
        <>
          {/* Focusable though disabled, so the reason can be found by keyboard and read with it. */}
          <span role="link" aria-disabled="true" tabIndex={0} aria-describedby={reasonId} className="cursor-not-allowed rounded-lg bg-violet-600/50 px-3 py-1.5 font-medium text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-500">
            {t("compare")}
          </span>
          <span id={reasonId} className="text-xs text-zinc-600 dark:text-zinc-400">
            {t("needTwo", { min: COMPARE_MIN })}
          </span>
        </>
      )}
      <span aria-hidden="true" className="text-zinc-400">·</span>
      <Button variant="ghost" className="px-2 py-1 text-sm" onClick={clear}>
        {t("clear")}
      </Button>
      {/* Always in the page (empty, it takes no room), so the refusal is announced when it appears. */}
      <p role="alert" className="basis-full text-xs font-medium text-amber-800 empty:basis-0 dark:text-amber-300">
        {refused ? t("tooMany", { max: COMPARE_MAX }) : null}
      </p>
    </div>
  );
}
