"use client";
import { AppLink } from "@/components/ui/app-link";
import { useEffect, type ReactNode } from "react";
import { useTranslations } from "use-intl";
import { isSelectable } from "@/components/gallery/selection-state";
import { useErrorText } from "@/components/i18n/use-error-text";
import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/query/api";
import { useTasks } from "@/lib/query/compare-tasks";
import type { Task } from "@/lib/schemas/task";
import { COMPARE_MAX, COMPARE_MIN, type CompareIds } from "./compare-ids";
import { CompareControls } from "./compare-controls";
import { FieldsTable } from "./fields-table";
import { SlotRating } from "./slot-rating";
import { useSyncedVideos, type SyncedVideos } from "./use-synced-videos";
import { frameOf } from "@/lib/schemas/catalog";

// The compare page's body: what the link asks for (or why it cannot be done), each video in its
// slot, one set of controls for all of them, and how their requests differ.

const LETTERS = ["A", "B", "C", "D"] as const;

export function CompareView({ input }: { input: CompareIds }) {
  const t = useTranslations("compare");
  return (
    <div className="space-y-6">
      <div>
        <h2 className="text-lg font-semibold">{t("title")}</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
      </div>
      {input.kind === "ok" ? (
        <ComparePlayers ids={input.ids} />
      ) : input.kind === "empty" ? (
        <Notice title={t("empty.title")}>{t("empty.body")}</Notice>
      ) : (
        <Notice alert>
          {input.kind === "tooMany"
            ? t("invalid.tooMany", { max: COMPARE_MAX, count: input.count })
            : input.kind === "tooFew"
              ? t("invalid.tooFew", { min: COMPARE_MIN })
              : t("invalid.malformed", { value: input.value })}
        </Notice>
      )}
    </div>
  );
}

/** A message with the way back to the gallery (where videos are picked). */
function Notice({ title, alert, children }: { title?: string; alert?: boolean; children: ReactNode }) {
  const t = useTranslations("compare");
  return (
    <div
      role={alert ? "alert" : undefined}
      data-testid="compare-notice"
      className={
        alert
          ? "rounded-xl border border-amber-300 bg-amber-50 p-6 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
          : "rounded-xl border border-dashed border-zinc-300 p-8 text-center text-sm dark:border-zinc-700"
      }
    >
      {title && <p className="text-base font-medium">{title}</p>}
      <p className={title ? "mt-1 text-zinc-600 dark:text-zinc-400" : undefined}>{children}</p>
      <AppLink
        href="/"
        className="mt-3 inline-block font-medium text-violet-700 underline-offset-2 hover:underline dark:text-violet-300"
      >
        {t("backToGallery")}
      </AppLink>
    </div>
  );
}

function ComparePlayers({ ids }: { ids: string[] }) {
  const t = useTranslations("compare");
  const queries = useTasks(ids);
  const settled = queries.every((q) => !q.isPending);
  // Each slot's place among the videos that can play (the sync drives only those).
  let next = 0;
  const slots = ids.map((id, i) => {
    const task = queries[i]?.data;
    const playable = task !== undefined && isSelectable(task);
    return { id, letter: LETTERS[i] as string, query: queries[i], task, player: playable ? next++ : -1 };
  });
  const playable = slots.filter((s) => s.player >= 0);
  const sync = useSyncedVideos(playable.length);
  const known = slots.filter((s): s is typeof s & { task: Task } => s.task !== undefined);

  return (
    <>
      {settled && playable.length < COMPARE_MIN && (
        <Notice alert>{t("notEnough", { min: COMPARE_MIN, count: playable.length })}</Notice>
      )}
      <ul className={ids.length === 3 ? "grid gap-4 sm:grid-cols-2 xl:grid-cols-3" : "grid gap-4 sm:grid-cols-2"}>
        {slots.map((slot) => (
          <li
            key={slot.id}
            data-testid="compare-slot"
            data-letter={slot.letter}
            className="flex flex-col overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
          >
            <div className="flex items-baseline gap-2 px-3 py-2">
              <span className="rounded-md bg-violet-100 px-1.5 py-0.5 text-xs font-bold text-violet-900 dark:bg-violet-900/50 dark:text-violet-100">
                {slot.letter}
              </span>
              <h3
                className="line-clamp-1 min-w-0 flex-1 text-sm text-zinc-700 dark:text-zinc-300"
                title={slot.task?.request.prompt}
              >
                {slot.task ? slot.task.request.prompt : t("slot.label", { letter: slot.letter })}
              </h3>
            </div>
            <SlotBody slot={slot} sync={sync} />
          </li>
        ))}
      </ul>
      {playable.length >= COMPARE_MIN && (
        <CompareControls sync={sync} ready={settled} soundFrom={playable[0]?.letter ?? "A"} />
      )}
      {known.length >= COMPARE_MIN && (
        <FieldsTable columns={known.map((s) => ({ letter: s.letter, request: s.task.request }))} />
      )}
    </>
  );
}

type Slot = {
  id: string;
  letter: string;
  query: ReturnType<typeof useTasks>[number] | undefined;
  task: Task | undefined;
  player: number;
};

function SlotBody({ slot, sync }: { slot: Slot; sync: SyncedVideos }) {
  const t = useTranslations("compare.slot");
  const tTask = useTranslations("task");
  const tCommon = useTranslations("common");
  const errorText = useErrorText();
  const { query, task, letter } = slot;
  const message = (text: string, tone: "plain" | "bad" = "plain", action?: ReactNode) => (
    <div className="flex aspect-video flex-col items-center justify-center gap-2 bg-zinc-100 p-4 text-center text-sm dark:bg-zinc-800/60">
      <p
        data-testid="slot-message"
        className={
          tone === "bad" ? "font-medium text-red-800 dark:text-red-200" : "font-medium text-zinc-700 dark:text-zinc-200"
        }
      >
        {text}
      </p>
      {action}
    </div>
  );

  if (!query || query.isPending) {
    return (
      <div
        className="shimmer relative flex aspect-video items-center justify-center bg-zinc-200 text-sm text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
        aria-busy="true"
      >
        {t("loading", { letter })}
      </div>
    );
  }
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) return message(t("deleted"));
    return message(
      t("failed", { letter, error: errorText(query.error) }),
      "bad",
      <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => void query.refetch()}>
        {tCommon("tryAgain")}
      </Button>,
    );
  }
  if (!task) return null;
  if (slot.player < 0) return message(t("noVideo", { state: tTask(`status.${task.state}.label`) }));
  return (
    <>
      <Player task={task} letter={letter} index={slot.player} sync={sync} />
      <SlotRating task={task} letter={letter} />
    </>
  );
}

function Player({ task, letter, index, sync }: { task: Task; letter: string; index: number; sync: SyncedVideos }) {
  const t = useTranslations("compare.slot");
  const video = task.videos[0];
  const { width, height } = frameOf(task.request);
  const handlers = sync.handlers(index);
  // Metadata may have arrived before React attached the handlers (a cached video): read it once mounted.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per player, not on every render (handlers are new each render)
  useEffect(() => {
    handlers.onLoadedMetadata();
  }, [index]);
  if (!video) return null;
  return (
    // Fills the slot's height (a portrait neighbour makes the row tall), letterboxed in black.
    <div className="flex flex-1 items-center justify-center bg-zinc-950">
      <div
        className="relative"
        style={{ aspectRatio: `${width} / ${height}`, width: `min(100%, ${((22 * width) / height).toFixed(2)}rem)` }}
      >
        <video
          ref={sync.ref(index)}
          src={video.url}
          poster={video.posterUrl ?? undefined}
          preload="auto"
          muted
          playsInline
          aria-label={t("playerLabel", { letter, prompt: task.request.prompt.slice(0, 80) })}
          data-testid="compare-video"
          onClick={sync.toggle}
          className="absolute inset-0 h-full w-full object-contain"
          {...handlers}
        />
      </div>
    </div>
  );
}
