"use client";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { useFormatter, useTranslations } from "use-intl";
import { composeFrom } from "@/components/composer/compose-bridge";
import { Button } from "@/components/ui/button";
import { usePromptHistory } from "@/lib/query/prompts";
import type { PromptHistoryEntry } from "@/lib/schemas/prompt";
import { RatingStars } from "./rating-stars";
import { SaveToLibrary } from "./save-to-library";
import { SearchBox } from "./search-box";
import type { PromptsView } from "./use-prompts-view";
import { LoadError } from "@/components/ui/load-error";
import { LoadMore } from "@/components/ui/load-more";

/** Every prompt used, newest use first: how often, how well, a few results, and Use / Save to library. */
export function HistoryTab({ view, setView }: { view: PromptsView; setView: (patch: Partial<PromptsView>) => void }) {
  const t = useTranslations("prompts.history");
  const query = usePromptHistory(view.q);
  const entries = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-2">
        <SearchBox
          label={t("searchLabel")}
          placeholder={t("searchPlaceholder")}
          value={view.q}
          onSearch={(q) => setView({ q })}
        />
      </div>
      {query.isPending ? (
        <ul aria-busy="true" aria-label={t("loadingLabel")} className="space-y-3">
          {[0, 1, 2].map((i) => (
            <li
              key={i}
              className="h-24 rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
            >
              <div className="shimmer relative h-full rounded-xl bg-zinc-100 dark:bg-zinc-800/60" />
            </li>
          ))}
        </ul>
      ) : query.isError && entries.length === 0 ? (
        <LoadError title={t("loadFailed")} error={query.error} onRetry={() => void query.refetch()} />
      ) : entries.length === 0 ? (
        <div className="rounded-xl border border-dashed border-zinc-300 p-8 text-center dark:border-zinc-700">
          {view.q ? (
            <p className="font-medium">{t("noMatch")}</p>
          ) : (
            <>
              <p className="font-medium">{t("emptyTitle")}</p>
              <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">{t("emptyBody")}</p>
            </>
          )}
        </div>
      ) : (
        <ul className="space-y-3" data-testid="history-list">
          {entries.map((entry) => (
            <HistoryRow key={entry.prompt} entry={entry} />
          ))}
        </ul>
      )}
      <LoadMore query={query} label={t("loadMore")} />
    </div>
  );
}

function HistoryRow({ entry }: { entry: PromptHistoryEntry }) {
  const t = useTranslations("prompts.history");
  const format = useFormatter();
  const router = useRouter();
  const textId = useId();
  return (
    <li
      data-testid="history-row"
      className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-col gap-3 sm:flex-row">
        <div className="min-w-0 flex-1 space-y-2">
          <p id={textId} className="whitespace-pre-wrap break-words text-sm text-zinc-900 dark:text-zinc-100">
            {entry.prompt}
          </p>
          <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
            <span>{t("uses", { count: entry.uses })}</span>
            <span>{t("succeeded", { count: entry.succeeded })}</span>
            <RatingStars rating={entry.averageRating} />
            <span>
              {t("lastUsed", {
                date: format.dateTime(new Date(entry.lastUsedAt), { dateStyle: "medium", timeStyle: "short" }),
              })}
            </span>
          </p>
        </div>
        {entry.recent.length > 0 && (
          <ul aria-label={t("thumbnails")} className="flex shrink-0 gap-1.5">
            {entry.recent.map((r) => (
              <li key={r.taskId} className="h-12 w-16 overflow-hidden rounded-md bg-zinc-200 dark:bg-zinc-800">
                {r.posterUrl && <img src={r.posterUrl} alt="" loading="lazy" className="h-full w-full object-cover" />}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="mt-3 flex flex-wrap items-start gap-2">
        <Button
          className="px-3 py-1 text-xs"
          aria-describedby={textId}
          onClick={() => {
            // The prompt with the settings of its latest use, the way it was last made.
            composeFrom({ prompt: entry.prompt, ...(entry.latestSettings ?? {}) });
            router.push("/");
          }}
        >
          {t("use")}
        </Button>
        <SaveToLibrary source={{ prompt: entry.prompt, ...entry.latestSettings }} className="flex-1" />
      </div>
    </li>
  );
}
