"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect, useRef, type RefObject } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { useErrorText } from "@/components/i18n/use-error-text";
import { api, type ApiError } from "@/lib/query/api";
import { taskKeys } from "@/lib/query/keys";
import { exportHref, type ExportSelection, type ImportSummary } from "@/lib/schemas/bundle-links";

// The gallery's export menu and import result (./portability holds their buttons): loaded when
// first opened or when a file is chosen.

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

/** The downloads: this run when the page shows one, else everything. Escape or a click elsewhere closes it. */
export function ExportMenu({
  id,
  wrapper,
  onClose,
}: {
  id: string;
  wrapper: RefObject<HTMLDivElement | null>;
  onClose: () => void;
}) {
  const t = useTranslations("portability");
  const run = useSearchParams().get("run");
  const isRun = run !== null && RUN.test(run);
  const selection: ExportSelection = isRun ? { run } : { all: true };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      onClose();
      // Focus goes back to the menu's button.
      wrapper.current?.querySelector<HTMLButtonElement>("button[aria-controls]")?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) onClose();
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [wrapper, onClose]);

  return (
    <div id={id} role="group" aria-label={t("exportLabel")} className={panelClass}>
      <p className="font-semibold">{t(isRun ? "thisRun" : "everything")}</p>
      <a className={linkClass} href={exportHref(selection, "json")} download>
        {t("json")}
      </a>
      <a className={linkClass} href={exportHref(selection, "zip")} download>
        {t("zip")}
      </a>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("finishedOnly")}</p>
    </div>
  );
}

type ImportResultProps = { file: File; hidden: boolean; onSettled: () => void; onClose: () => void };

/** Sends one chosen file to /api/import once it mounts, then says what came of it. */
export function ImportResult({ file, hidden, onSettled, onClose }: ImportResultProps) {
  const t = useTranslations("portability");
  const tCommon = useTranslations("common");
  const errorText = useErrorText();
  const client = useQueryClient();
  const importBundle = useMutation<ImportSummary, ApiError, File>({
    mutationFn: (bundle) => api.importBundle(asBundle(bundle)),
    onSuccess: () => void client.invalidateQueries({ queryKey: taskKeys.lists() }),
    onSettled,
  });
  // Once per chosen file (a new file mounts a new result), even when effects run twice in development.
  const sent = useRef(false);
  const { mutate } = importBundle;
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    mutate(file);
  }, [mutate, file]);

  const { error, data: summary } = importBundle;
  if (hidden || importBundle.isPending || importBundle.isIdle) return null;
  const issue = error?.issues[0];
  return (
    <div
      role={error ? "alert" : "status"}
      data-testid="import-result"
      className={cx(panelClass, error && "border-red-300 dark:border-red-900")}
    >
      {summary ? (
        <>
          <p className="font-semibold">
            {t("imported", { imported: summary.imported })}
            {summary.skipped.length > 0 && <> · {t("alreadyHere", { count: summary.skipped.length })}</>}
          </p>
          {summary.warnings.length > 0 && (
            <details>
              <summary className="cursor-pointer text-xs text-amber-800 dark:text-amber-300">
                {t("warnings", { count: summary.warnings.length })}
              </summary>
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
      <Button variant="secondary" className="px-2 py-1 text-xs" onClick={onClose}>
        {tCommon("close")}
      </Button>
    </div>
  );
}
