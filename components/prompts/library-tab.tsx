"use client";
import { useId, useRef, useState } from "react";
import { useFormatter, useTranslations } from "use-intl";
import { useErrorText } from "@/components/i18n/use-error-text";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { inputClass } from "@/components/ui/field";
import { HiddenFileInput } from "@/components/ui/hidden-file-input";
import { ApiError } from "@/lib/query/api";
import { useImportLibrary, useLibrary } from "@/lib/query/prompts";
import { PromptDetail } from "./prompt-detail";
import { SearchBox } from "./search-box";
import type { PromptsView } from "./use-prompts-view";
import { LoadError } from "@/components/ui/load-error";

/** The saved prompts (search, tag filter), the chosen one's detail, and the library's export and import. */
export function LibraryTab({ view, setView }: { view: PromptsView; setView: (patch: Partial<PromptsView>) => void }) {
  const t = useTranslations("prompts.library");
  const format = useFormatter();
  const tagId = useId();
  const query = useLibrary(view.q, view.tag);
  const all = useLibrary("", "");
  const tags = [...new Set((all.data?.items ?? []).flatMap((p) => p.tags))].sort();
  const items = query.data?.items ?? [];
  const filtered = view.q !== "" || view.tag !== "";

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <SearchBox
          label={t("searchLabel")}
          placeholder={t("searchPlaceholder")}
          value={view.q}
          onSearch={(q) => setView({ q })}
        />
        <div className="w-full sm:w-48">
          <label htmlFor={tagId} className="sr-only">
            {t("tagLabel")}
          </label>
          <select id={tagId} className={inputClass} value={view.tag} onChange={(e) => setView({ tag: e.target.value })}>
            <option value="">{t("allTags")}</option>
            {tags.map((tag) => (
              <option key={tag} value={tag}>
                {tag}
              </option>
            ))}
          </select>
        </div>
        <ExportImport />
      </div>

      <div className="grid gap-4 lg:grid-cols-[minmax(16rem,22rem)_1fr]">
        {/* On a phone the list gives way to the chosen prompt (with a way back). */}
        <div className={cx(view.prompt && "hidden lg:block")}>
          {query.isPending ? (
            <ul aria-busy="true" aria-label={t("loadingLabel")} className="space-y-2">
              {[0, 1, 2].map((i) => (
                <li key={i} className="shimmer relative h-16 rounded-xl bg-zinc-100 dark:bg-zinc-800/60" />
              ))}
            </ul>
          ) : query.isError && items.length === 0 ? (
            <LoadError title={t("loadFailed")} error={query.error} onRetry={() => void query.refetch()} />
          ) : items.length === 0 ? (
            <div className="rounded-xl border border-dashed border-zinc-300 p-6 text-center dark:border-zinc-700">
              {filtered ? (
                <>
                  <p className="font-medium">{t("noMatch")}</p>
                  <Button variant="secondary" className="mt-3" onClick={() => setView({ q: "", tag: "" })}>
                    {t("clearFilters")}
                  </Button>
                </>
              ) : (
                <>
                  <p className="font-medium">{t("emptyTitle")}</p>
                  <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">{t("emptyBody")}</p>
                </>
              )}
            </div>
          ) : (
            <ul aria-label={t("listLabel")} className="space-y-2" data-testid="library-list">
              {items.map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    aria-current={view.prompt === p.id ? "true" : undefined}
                    onClick={() => setView({ prompt: p.id })}
                    className={cx(
                      "block w-full rounded-xl border px-3 py-2 text-left transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-violet-500",
                      view.prompt === p.id
                        ? "border-violet-500 bg-violet-50 dark:border-violet-400 dark:bg-violet-950/40"
                        : "border-zinc-200 bg-white hover:border-zinc-300 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-zinc-700",
                    )}
                  >
                    <span className="block truncate text-sm font-medium text-zinc-900 dark:text-zinc-100">
                      {p.name}
                    </span>
                    <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400">{p.latest.text}</span>
                    <span className="mt-1 flex flex-wrap gap-x-2 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
                      <span>{t("versions", { count: p.versionCount })}</span>
                      <span>{format.dateTime(new Date(p.updatedAt), { dateStyle: "medium" })}</span>
                      {p.tags.map((tag) => (
                        <span
                          key={tag}
                          className="rounded-full bg-zinc-100 px-1.5 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
                        >
                          {tag}
                        </span>
                      ))}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        {view.prompt ? (
          <PromptDetail key={view.prompt} id={view.prompt} onClose={() => setView({ prompt: null })} />
        ) : (
          items.length > 0 && <p className="hidden text-sm text-zinc-500 lg:block dark:text-zinc-400">{t("choose")}</p>
        )}
      </div>
    </div>
  );
}

/** Export downloads the library as a JSON file; import sends a chosen file as it is and says what came in (or why nothing did). */
function ExportImport() {
  const t = useTranslations("prompts.library");
  const errorText = useErrorText();
  const input = useRef<HTMLInputElement>(null);
  const importLibrary = useImportLibrary();
  const [unreadable, setUnreadable] = useState(false);
  const error = importLibrary.error;
  const issues = error instanceof ApiError ? error.issues.slice(0, 5) : [];
  const result = importLibrary.data?.imported;
  const renamed = result?.filter((p) => p.renamedFrom).length ?? 0;

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setUnreadable(false);
    importLibrary.reset();
    let text: string;
    try {
      text = await file.text();
    } catch {
      setUnreadable(true);
      return;
    }
    importLibrary.mutate(text);
  };

  return (
    <>
      <div className="flex flex-wrap items-center gap-2 lg:ml-auto">
        <a
          href="/api/prompts/export"
          download
          className="inline-flex items-center rounded-lg border border-zinc-300 bg-white px-3.5 py-2 text-sm font-medium text-zinc-800 hover:bg-zinc-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-violet-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
        >
          {t("export")}
        </a>
        <Button variant="secondary" disabled={importLibrary.isPending} onClick={() => input.current?.click()}>
          {importLibrary.isPending ? t("importing") : t("import")}
        </Button>
        <HiddenFileInput
          ref={input}
          accept="application/json,.json"
          aria-label={t("import")}
          data-testid="library-import-file"
          onFiles={(files) => void onFile(files[0])}
        />
      </div>
      {(result || error || unreadable) && (
        <div
          role={result ? "status" : "alert"}
          className={cx(
            "basis-full rounded-lg px-3 py-2 text-sm",
            result
              ? "bg-emerald-50 text-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-200"
              : "bg-red-50 text-red-800 dark:bg-red-950/50 dark:text-red-200",
          )}
        >
          {result ? (
            <p>
              {t("imported", { count: result.length })} {renamed > 0 && t("importedRenamed", { count: renamed })}
            </p>
          ) : (
            <>
              <p>{t("importFailed", { reason: unreadable || !error ? t("importUnreadable") : errorText(error) })}</p>
              {issues.length > 0 && (
                <ul className="mt-1 list-disc pl-5 text-xs">
                  {issues.map((issue) => (
                    <li key={issue.path}>
                      <code>{issue.path}</code>: {issue.message}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </div>
      )}
    </>
  );
}
