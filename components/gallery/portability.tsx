"use client";
import dynamic from "next/dynamic";
import { useCallback, useId, useRef, useState, type ChangeEvent } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";

// Export and import of task bundles from the gallery's header: "Export" opens a small menu of
// downloads (this run when the page shows one, else everything; JSON or a zip with the videos),
// "Import file…" sends a .json or .zip as it is to /api/import and says what came of it.
// Only the two buttons load with the page; the menu and the import's work load on first use.

const ExportMenu = dynamic(() => import("./portability-panels").then((m) => m.ExportMenu), { ssr: false });
const ImportResult = dynamic(() => import("./portability-panels").then((m) => m.ImportResult), { ssr: false });

let nextJob = 0;

export function Portability() {
  const t = useTranslations("portability");
  const [open, setOpen] = useState(false);
  const [job, setJob] = useState<{ file: File; key: number }>();
  const [importing, setImporting] = useState(false);
  const wrapper = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const closeMenu = useCallback(() => setOpen(false), []);
  const settled = useCallback(() => setImporting(false), []);
  const inputId = useId();

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared at once, so choosing the same file again is a new import.
    event.target.value = "";
    if (!file) return;
    setOpen(false);
    setImporting(true);
    setJob({ file, key: nextJob++ });
  };

  return (
    <div ref={wrapper} className="flex items-center gap-1 sm:relative">
      <Button
        variant="ghost"
        className="px-2 py-1 text-xs"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((v) => !v)}
      >
        {t("export")}
      </Button>
      <label
        htmlFor={inputId}
        className={cx(
          "inline-flex cursor-pointer items-center rounded-lg px-2 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100",
          "has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-violet-500",
          importing && "cursor-wait opacity-60",
        )}
      >
        {t(importing ? "importing" : "importFile")}
        <input
          id={inputId}
          type="file"
          accept=".json,.zip,application/json,application/zip"
          className="sr-only"
          disabled={importing}
          onChange={choose}
        />
      </label>

      {open && <ExportMenu id={menuId} wrapper={wrapper} onClose={closeMenu} />}
      {job && (
        <ImportResult
          key={job.key}
          file={job.file}
          hidden={open}
          onSettled={settled}
          onClose={() => setJob(undefined)}
        />
      )}
    </div>
  );
}
