"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect, useId, useRef, useState, type ChangeEvent } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { useErrorText } from "@/components/i18n/use-error-text";
import { api, type ApiError } from "@/lib/query/api";
import { taskKeys } from "@/lib/query/keys";
import { exportHref, type ExportSelection, type ImportSummary } from "@/lib/schemas/bundle-links";

// Export and import of task bundles from the gallery's header: "Export" opens a small menu of
// downloads (this run when the page shows one, else everything; JSON or a zip with the videos),
// "Import file…" sends a .json or .zip as it is to /api/import and says what came of it.

const RUN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const panelClass =
  // Narrow screens: as wide as the gallery's header row (positioned there); wider: under the buttons.
  "absolute inset-x-0 top-full z-30 mt-2 space-y-2 sm:left-auto sm:right-0 sm:w-80 rounded-xl border border-zinc-200 bg-white p-3 text-sm text-zinc-800 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";
const linkClass =
  "block rounded-lg border border-zinc-300 px-3 py-2 font-medium text-zinc-800 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-100 dark:hover:bg-zinc-800";

/** The content type the server reads the file as: by its name, since browsers disagree on .zip. */
function asBundle(file: File): Blob {
  const type = /\.zip$/i.test(file.name) ? "application/zip" : "application/json";
  return file.slice(0, file.size, type);
}

export function Portability() {
  const t = useTranslations("portability");
  const tCommon = useTranslations("common");
  const errorText = useErrorText();
  const client = useQueryClient();
  const params = useSearchParams();
  const run = params.get("run");
  const isRun = run !== null && RUN.test(run);
  const selection: ExportSelection = isRun ? { run } : { all: true };
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<"summary" | "error" | undefined>();
  const wrapper = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const inputId = useId();

  const importBundle = useMutation<ImportSummary, ApiError, File>({
    mutationFn: (file) => api.importBundle(asBundle(file)),
    onSuccess: () => void client.invalidateQueries({ queryKey: taskKeys.lists() }),
    onSettled: (_data, error) => setResult(error ? "error" : "summary"),
  });

  // Escape or a click elsewhere closes the menu (focus goes back to its button on Escape).
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      wrapper.current?.querySelector<HTMLButtonElement>("button[aria-controls]")?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared at once, so choosing the same file again is a new import.
    event.target.value = "";
    if (!file) return;
    setOpen(false);
    setResult(undefined);
    importBundle.mutate(file);
  };

  const error = importBundle.error;
  const issue = error?.issues[0];
  const summary = importBundle.data;

  return (
    <div ref={wrapper} className="flex items-center gap-1 sm:relative">
      <Button variant="ghost" className="px-2 py-1 text-xs" aria-expanded={open} aria-controls={menuId} onClick={() => setOpen((v) => !v)}>
        {t("export")}
      </Button>
      <label
        htmlFor={inputId}
        className={cx(
          "inline-flex cursor-pointer items-center rounded-lg px-2 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100",
          "has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-violet-500",
          importBundle.isPending && "cursor-wait opacity-60",
        )}
      >
        {t(importBundle.isPending ? "importing" : "importFile")}
        <input id={inputId} type="file" accept=".json,.zip,application/json,application/zip" className="sr-only" disabled={importBundle.isPending} onChange={choose} />
      </label>

      {open && (
        <div id={menuId} role="group" aria-label={t("exportLabel")} className={panelClass}>
          <p className="font-semibold">{t(isRun ? "thisRun" : "everything")}</p>
          <a className={linkClass} href={exportHref(selection, "json")} download>
            {t("json")}
          </a>
          <a className={linkClass} href={exportHref(selection, "zip")} download>
            {t("zip")}
          </a>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("finishedOnly")}</p>
        </div>
      )}

      {!open && result && (
        <div
          role={result === "error" ? "alert" : "status"}
          data-testid="import-result"
          className={cx(panelClass, result === "error" && "border-red-300 dark:border-red-900")}
        >
          {result === "summary" && summary ? (
            <>
              <p className="font-semibold">
                {t("imported", { imported: summary.imported })}
                {summary.skipped.length > 0 && <> · {t("alreadyHere", { count: summary.skipped.length })}</>}
              </p>
              {summary.warnings.length > 0 && (
                <details>
                  <summary className="cursor-pointer text-xs text-amber-800 dark:text-amber-300">{t("warnings", { count: summary.warnings.length })}</summary>
                  <ul className="mt-1 max-h-40 list-disc space-y-1 overflow-auto pl-4 text-xs text-zinc-600 dark:text-zinc-300">
                    {summary.warnings.map((warning) => (
                      <li key={warning}>{warning}</li>
                    ))}
                  </ul>
                </details>
              )}
            </>
          ) : error ? (
            <>
              <p className="font-semibold text-red-800 dark:text-red-200">{t("failed")}</p>
              <p className="break-words text-red-800 dark:text-red-200">{errorText(error)}</p>
              {issue && issue.path !== "(body)" && (
                <p className="break-all text-xs text-zinc-600 dark:text-zinc-300">
                  <code>{issue.path}</code>: {issue.message}
                </p>
              )}
            </>
          ) : null}
          <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setResult(undefined)}>
            {tCommon("close")}
          </Button>
        </div>
      )}
    </div>
  );
}
