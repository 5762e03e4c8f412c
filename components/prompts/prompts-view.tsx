"use client";
import { useRef, type KeyboardEvent } from "react";
import { useTranslations } from "use-intl";
import { cx } from "@/components/ui/cx";
import { HistoryTab } from "./history-tab";
import { LibraryTab } from "./library-tab";
import { usePromptsView, type PromptsTab } from "./use-prompts-view";

const TABS: PromptsTab[] = ["history", "library"];

/** History | Library, as ARIA tabs (arrow keys move between them), the choice kept in the URL. */
export function PromptsView() {
  const t = useTranslations("prompts");
  const { view, setView } = usePromptsView();
  const tabs = useRef<Record<PromptsTab, HTMLButtonElement | null>>({ history: null, library: null });
  const choose = (tab: PromptsTab) => setView({ tab, q: "", tag: "", prompt: null });
  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = TABS[(TABS.indexOf(view.tab) + step + TABS.length) % TABS.length] as PromptsTab;
    choose(next);
    tabs.current[next]?.focus();
  };
  return (
    <main className="space-y-4">
      <div>
        <h2 className="text-base font-semibold">{t("title")}</h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
      </div>
      <div
        role="tablist"
        aria-label={t("tabs.label")}
        className="flex gap-1 border-b border-zinc-200 dark:border-zinc-800"
        onKeyDown={onKeyDown}
      >
        {TABS.map((tab) => (
          <button
            key={tab}
            ref={(el) => {
              tabs.current[tab] = el;
            }}
            id={`tab-${tab}`}
            type="button"
            role="tab"
            aria-selected={view.tab === tab}
            aria-controls={`panel-${tab}`}
            tabIndex={view.tab === tab ? 0 : -1}
            onClick={() => choose(tab)}
            className={cx(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              view.tab === tab
                ? "border-violet-600 text-violet-800 dark:border-violet-400 dark:text-violet-200"
                : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
            )}
          >
            {t(`tabs.${tab}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${view.tab}`} aria-labelledby={`tab-${view.tab}`}>
        {view.tab === "history" ? (
          <HistoryTab view={view} setView={setView} />
        ) : (
          <LibraryTab view={view} setView={setView} />
        )}
      </div>
    </main>
  );
}
