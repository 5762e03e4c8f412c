"use client";
import { AppLink } from "@/components/ui/app-link";
import { useTranslations } from "use-intl";

// A task made in a variation run links to the gallery showing that run alone (/?run=<id>).

/** A run's short name: the start of its id, enough to tell runs apart on one screen. */
export function runLabel(runId: string): string {
  return runId.slice(0, 6);
}

export function RunChip({ runId }: { runId: string | null }) {
  const t = useTranslations("variations.run");
  if (!runId) return null;
  return (
    <AppLink
      href={`/?run=${runId}`}
      scroll={false}
      title={t("title")}
      data-testid="run-chip"
      className="shrink-0 rounded-md bg-violet-50 px-1.5 py-0.5 text-xs font-medium text-violet-800 ring-1 ring-inset ring-violet-200 hover:bg-violet-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-violet-500 dark:bg-violet-950/50 dark:text-violet-200 dark:ring-violet-800 dark:hover:bg-violet-900/60"
    >
      {t("chip", { label: runLabel(runId) })}
    </AppLink>
  );
}
