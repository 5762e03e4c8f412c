"use client";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { useTaskEvents } from "@/lib/query/events";
import { useTaskList } from "@/lib/query/tasks";
import { Button } from "@/components/ui/button";
import { useErrorText } from "@/components/i18n/use-error-text";
import type { Task } from "@/lib/schemas/task";
import { estimateMs } from "./estimate";
import { FilterBar } from "./filter-bar";
import { ImportTask } from "./import-task";
import { Portability } from "./portability";
import { TaskCard } from "./task-card";
import { TaskRow } from "./task-row";
import { useGalleryView, type Layout } from "./use-gallery-view";

export function Gallery() {
  const t = useTranslations("gallery");
  const tCommon = useTranslations("common");
  const errorText = useErrorText();
  const live = useTaskEvents();
  const [importing, setImporting] = useState(false);
  const view = useGalleryView();
  const query = useTaskList(live === "live", view.filter);
  const tasks = query.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.keys(view.filter).length > 0;

  return (
    <section aria-labelledby="gallery-title" className="space-y-4">
      <div className="relative flex flex-wrap items-baseline justify-between gap-y-2">
        <h2 id="gallery-title" className="text-base font-semibold">
          {t("title")}
        </h2>
        <span className="flex items-center gap-3 text-xs text-zinc-500 dark:text-zinc-400">
          <Button variant="ghost" className="px-2 py-1 text-xs" aria-expanded={importing} onClick={() => setImporting((v) => !v)}>
            {t("import")}
          </Button>
          <Portability />
          {tasks.length > 0 && <span>{t("shown", { count: tasks.length })}</span>}
          <LiveBadge state={live} />
        </span>
      </div>

      {importing && <ImportTask onClose={() => setImporting(false)} />}
      <FilterBar view={view} />

      {query.isPending ? (
        <div className="grid gap-4 md:grid-cols-2" aria-busy="true" aria-label={t("loadingLabel")}>
          {[0, 1].map((i) => (
            <div key={i} className="overflow-hidden rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
              <div className="shimmer aspect-video bg-zinc-200 dark:bg-zinc-800" />
              <div className="space-y-2 p-4">
                <div className="h-3 w-1/3 rounded bg-zinc-200 dark:bg-zinc-800" />
                <div className="h-3 w-5/6 rounded bg-zinc-200 dark:bg-zinc-800" />
              </div>
            </div>
          ))}
        </div>
      ) : query.isError && tasks.length === 0 ? (
        <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-6 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200">
          <p className="font-semibold">{t("loadFailed")}</p>
          <p className="mt-1">{errorText(query.error)}</p>
          <Button variant="secondary" className="mt-3" onClick={() => void query.refetch()}>
            {tCommon("tryAgain")}
          </Button>
        </div>
      ) : tasks.length === 0 && filtered ? (
        <div className="rounded-xl border border-dashed border-zinc-300 p-8 text-center dark:border-zinc-700">
          <p className="font-medium">{t("filters.noneTitle")}</p>
          <Button variant="secondary" className="mt-3" onClick={view.clear}>
            {t("filters.clear")}
          </Button>
        </div>
      ) : tasks.length === 0 ? (
        <div className="rounded-xl border border-dashed border-zinc-300 p-10 text-center dark:border-zinc-700">
          {/* An SVG, not an emoji: machines without an emoji font would draw an empty box. */}
          <svg aria-hidden="true" viewBox="0 0 24 24" className="mx-auto h-10 w-10 text-violet-500" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round">
            <rect x="3" y="5" width="18" height="14" rx="2" />
            <path d="M10 9.5v5l4.5-2.5z" fill="currentColor" />
          </svg>
          <p className="mt-2 font-medium">{t("emptyTitle")}</p>
          <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">{t("emptyBody")}</p>
        </div>
      ) : (
        <VirtualTasks tasks={tasks} layout={view.layout} onNearEnd={() => query.hasNextPage && !query.isFetchingNextPage && void query.fetchNextPage()} />
      )}

      {query.hasNextPage && (
        <div className="flex justify-center">
          <Button variant="secondary" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {query.isFetchingNextPage ? tCommon("loading") : t("loadMore")}
          </Button>
        </div>
      )}
    </section>
  );
}

/** Cards per row: two from the `md` breakpoint (768 px), as the grid's CSS says. */
function useColumns(layout: Layout): number {
  const [wide, setWide] = useState(false);
  useEffect(() => {
    const media = window.matchMedia("(min-width: 768px)");
    const update = () => setWide(media.matches);
    update();
    media.addEventListener("change", update);
    return () => media.removeEventListener("change", update);
  }, []);
  return layout === "list" || !wide ? 1 : 2;
}

/**
 * Only the rows on (or near) the screen are in the DOM, so 10,000 tasks scroll like 10. Rows are
 * measured as they render (cards differ in height); nearing the end loads the next page.
 */
function VirtualTasks({ tasks, layout, onNearEnd }: { tasks: Task[]; layout: Layout; onNearEnd: () => void }) {
  const columns = useColumns(layout);
  const top = useRef<HTMLDivElement>(null);
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => setOffset(top.current?.offsetTop ?? 0), []);
  const rows = Math.ceil(tasks.length / columns);
  const virtualizer = useWindowVirtualizer({
    count: rows,
    estimateSize: () => (layout === "list" ? 64 : 480),
    overscan: layout === "list" ? 8 : 2,
    scrollMargin: offset,
    getItemKey: (index) => tasks[index * columns]?.id ?? index,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  useEffect(() => {
    if (last && last.index >= rows - 3) onNearEnd();
  }, [last, rows, onNearEnd]);

  return (
    <div ref={top} data-testid="gallery-items" data-layout={layout} style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
      {items.map((row) => (
        <div
          key={row.key}
          data-index={row.index}
          ref={virtualizer.measureElement}
          className={layout === "list" ? "absolute inset-x-0 pb-2" : "absolute inset-x-0 grid gap-4 pb-4 md:grid-cols-2"}
          style={{ transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)` }}
        >
          {tasks.slice(row.index * columns, row.index * columns + columns).map((task) =>
            layout === "list" ? (
              <TaskRow key={task.id} task={task} />
            ) : (
              <TaskCard key={task.id} task={task} expectedMs={task.state === "succeeded" || task.state === "failed" ? undefined : estimateMs(task, tasks)} />
            ),
          )}
        </div>
      ))}
    </div>
  );
}

/** Whether changes arrive by themselves; while reconnecting the list falls back to re-reading. */
function LiveBadge({ state }: { state: ReturnType<typeof useTaskEvents> }) {
  const t = useTranslations("gallery.live");
  return (
    <span data-testid="live-state" data-state={state} className="inline-flex items-center gap-1.5" title={t(state === "live" ? "liveTitle" : "delayedTitle")}>
      <span aria-hidden="true" className={state === "live" ? "h-2 w-2 rounded-full bg-emerald-500" : "h-2 w-2 animate-pulse rounded-full bg-amber-500"} />
      {t(state)}
    </span>
  );
}
