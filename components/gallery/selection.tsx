"use client";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useTranslations } from "use-intl";
import { COMPARE_MAX } from "@/components/compare/compare-ids";
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
      clear: () => {
        setRefused(false);
        save([]);
      },
    }),
    [ids, refused, save],
  );
  return <SelectionContext.Provider value={value}>{children}</SelectionContext.Provider>;
}

/** The gallery's pick, or null outside a gallery. */
export function useSelection(): Selection | null {
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
