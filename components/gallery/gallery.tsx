"use client";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import dynamic from "next/dynamic";
import { AppLink } from "@/components/ui/app-link";
import { COMPARE_MAX, compareHref } from "@/components/compare/compare-ids";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { useTaskEvents } from "@/lib/query/events";
import { useTaskList } from "@/lib/query/tasks";
import { Button } from "@/components/ui/button";
import type { UpstreamInfo } from "@/components/task/request-preview";
import { useTaskDrawer } from "@/components/task-detail/use-task-drawer";
import type { Task } from "@/lib/schemas/task";
import { estimateMs } from "../task/estimate";
import { FilterBar } from "./filter-bar";
import { CompareSelectionProvider, useSelection } from "./selection";
import { Portability } from "./portability";
import { TaskCard } from "./task-card";
import { TaskRow } from "./task-row";
import { useGalleryView, type Layout } from "./use-gallery-view";
import { LoadError } from "@/components/ui/load-error";
import { LoadMore } from "@/components/ui/load-more";

// Loaded when first wanted, not with the page: most visits never open a task's detail or the import form.
const TaskDrawer = dynamic(() => import("@/components/task-detail/task-drawer").then((m) => m.TaskDrawer), {
  ssr: false,
});
const CompareBar = dynamic(() => import("./compare-bar").then((m) => m.CompareBar), { ssr: false });
const ImportTask = dynamic(() => import("./import-task").then((m) => m.ImportTask), { ssr: false });

/** The gallery, with the videos picked for comparing shared by its cards, rows and bar. */
export function Gallery({ upstream }: { upstream: UpstreamInfo }) {
  return (
    <CompareSelectionProvider>
      <GallerySection upstream={upstream} />
    </CompareSelectionProvider>
  );
}

function GallerySection({ upstream }: { upstream: UpstreamInfo }) {
  const t = useTranslations("gallery");
  const live = useTaskEvents();
  const [importing, setImporting] = useState(false);
  const view = useGalleryView();
  const drawer = useTaskDrawer();
  // Mounted from its first opening on, so closing it can hand focus back and finish its work.
  const [drawerUsed, setDrawerUsed] = useState(false);
  useEffect(() => {
    if (drawer.taskId !== undefined) setDrawerUsed(true);
  }, [drawer.taskId]);
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
          <Button
            variant="ghost"
            className="px-2 py-1 text-xs"
            aria-expanded={importing}
            onClick={() => setImporting((v) => !v)}
          >
            {t("import")}
          </Button>
          <Portability />
          {tasks.length > 0 && (
            <span data-testid="gallery-shown" data-count={tasks.length}>
              {t("shown", { count: tasks.length })}
            </span>
          )}
          <LiveBadge state={live} />
        </span>
      </div>

      {importing && <ImportTask onClose={() => setImporting(false)} />}
      <FilterBar view={view} />
      {view.filter.run && <CompareRun tasks={tasks} />}

      {query.isPending ? (
        <div role="status" className="grid gap-4 md:grid-cols-2" aria-busy="true" aria-label={t("loadingLabel")}>
          {[0, 1].map((i) => (
            <div
              key={i}
              className="overflow-hidden rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
            >
              <div className="shimmer relative aspect-video bg-zinc-200 dark:bg-zinc-800" />
              <div className="space-y-2 p-4">
                <div className="h-3 w-1/3 rounded bg-zinc-200 dark:bg-zinc-800" />
                <div className="h-3 w-5/6 rounded bg-zinc-200 dark:bg-zinc-800" />
              </div>
            </div>
          ))}
        </div>
      ) : query.isError && tasks.length === 0 ? (
        <LoadError title={t("loadFailed")} error={query.error} onRetry={() => void query.refetch()} />
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
          <svg
            aria-hidden="true"
            viewBox="0 0 24 24"
            className="mx-auto h-10 w-10 text-violet-500"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
            strokeLinecap="round"
            strokeLinejoin="round"
          >
            <rect x="3" y="5" width="18" height="14" rx="2" />
            <path d="M10 9.5v5l4.5-2.5z" fill="currentColor" />
          </svg>
          <p className="mt-2 font-medium">{t("emptyTitle")}</p>
          <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">{t("emptyBody")}</p>
        </div>
      ) : (
        <VirtualTasks
          tasks={tasks}
          layout={view.layout}
          onOpen={drawer.open}
          onNearEnd={() => query.hasNextPage && !query.isFetchingNextPage && void query.fetchNextPage()}
        />
      )}

      <LoadMore query={query} label={t("loadMore")} />
      {drawerUsed && (
        <TaskDrawer taskId={drawer.taskId} onClose={drawer.close} onOpen={drawer.open} upstream={upstream} />
      )}
      <PickedBar />
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
function VirtualTasks({
  tasks,
  layout,
  onOpen,
  onNearEnd,
}: {
  tasks: Task[];
  layout: Layout;
  onOpen: (id: string) => void;
  onNearEnd: () => void;
}) {
  const columns = useColumns(layout);
  const top = useRef<HTMLDivElement>(null);
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => setOffset(top.current?.offsetTop ?? 0), []);
  const rows = Math.ceil(tasks.length / columns);
  const virtualizer = useWindowVirtualizer({
    count: rows,
    estimateSize: () => (layout === "list" ? 64 : 480),
    // One row beyond the screen each way (rows render in the scroll event itself, so a flick shows
    // no gap): the DOM stays under 300 nodes however far one scrolls (bench/gallery.ts).
    overscan: 1,
    scrollMargin: offset,
    getItemKey: (index) => tasks[index * columns]?.id ?? index,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  useEffect(() => {
    if (last && last.index >= rows - 3) onNearEnd();
  }, [last, rows, onNearEnd]);

  return (
    <div
      ref={top}
      data-testid="gallery-items"
      data-layout={layout}
      style={{ height: virtualizer.getTotalSize(), position: "relative" }}
    >
      {items.map((row) => (
        <div
          key={row.key}
          data-index={row.index}
          ref={virtualizer.measureElement}
          className={
            layout === "list" ? "absolute inset-x-0 pb-2" : "absolute inset-x-0 grid gap-4 pb-4 md:grid-cols-2"
          }
          style={{ transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)` }}
        >
          {tasks
            .slice(row.index * columns, row.index * columns + columns)
            .map((task) =>
              layout === "list" ? (
                <TaskRow key={task.id} task={task} onOpen={onOpen} />
              ) : (
                <TaskCard
                  key={task.id}
                  task={task}
                  onOpen={onOpen}
                  expectedMs={
                    task.state === "succeeded" || task.state === "failed" ? undefined : estimateMs(task, tasks)
                  }
                />
              ),
            )}
        </div>
      ))}
    </div>
  );
}

/** A run's videos side by side: the first 2–4 finished ones of the run on screen. */
function CompareRun({ tasks }: { tasks: Task[] }) {
  const t = useTranslations("gallery.compareRun");
  const playable = tasks.filter((task) => task.state === "succeeded" && task.videos.length > 0);
  if (playable.length < 2) return null;
  const picked = playable.slice(0, COMPARE_MAX);
  return (
    <p className="flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
      <AppLink
        href={compareHref(picked.map((task) => task.id))}
        className="rounded-lg border border-violet-300 px-2.5 py-1 font-medium text-violet-800 hover:bg-violet-50 dark:border-violet-800 dark:text-violet-200 dark:hover:bg-violet-950/50"
      >
        {t("link", { count: picked.length })}
      </AppLink>
      {playable.length > COMPARE_MAX && t("firstOnly", { max: COMPARE_MAX, total: playable.length })}
    </p>
  );
}

/** The compare bar, loaded with the first pick. */
function PickedBar() {
  const picked = useSelection()?.ids.length ?? 0;
  return picked > 0 ? <CompareBar /> : null;
}

/** Whether changes arrive by themselves; while reconnecting the list falls back to re-reading. */
function LiveBadge({ state }: { state: ReturnType<typeof useTaskEvents> }) {
  const t = useTranslations("gallery.live");
  return (
    <span
      data-testid="live-state"
      data-state={state}
      className="inline-flex items-center gap-1.5"
      title={t(state === "live" ? "liveTitle" : "delayedTitle")}
    >
      <span
        aria-hidden="true"
        className={
          state === "live" ? "h-2 w-2 rounded-full bg-emerald-500" : "h-2 w-2 animate-pulse rounded-full bg-amber-500"
        }
      />
      {t(state)}
    </span>
  );
}
