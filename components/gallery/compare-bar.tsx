"use client";
import { useId } from "react";
import { useTranslations } from "use-intl";
import { COMPARE_MAX, COMPARE_MIN, compareHref } from "@/components/compare/compare-ids";
import { AppLink } from "@/components/ui/app-link";
import { Button } from "@/components/ui/button";
import { useSelection } from "./selection";

// Loaded with the first pick (./selection holds the pick itself and the cards' checkboxes).

/** "2 selected · Compare · Clear", stuck to the bottom of the screen while anything is picked. */
export function CompareBar() {
  const t = useTranslations("compare.select");
  const selection = useSelection();
  const reasonId = useId();
  if (!selection || selection.ids.length === 0) return null;
  const { ids, refused, clear } = selection;
  const enough = ids.length >= COMPARE_MIN;
  return (
    <div
      role="region"
      aria-label={t("barLabel")}
      data-testid="compare-bar"
      className="sticky bottom-4 z-20 flex flex-wrap items-center gap-x-3 gap-y-2 rounded-xl border border-violet-300 bg-white/95 px-4 py-3 text-sm shadow-lg backdrop-blur dark:border-violet-800 dark:bg-zinc-900/95"
    >
      <span className="font-medium" aria-live="polite">
        {t("selected", { count: ids.length })}
      </span>
      <span aria-hidden="true" className="text-zinc-400">
        ·
      </span>
      {enough ? (
        <AppLink
          href={compareHref(ids)}
          className="rounded-lg bg-violet-600 px-3 py-1.5 font-medium text-white shadow-sm hover:bg-violet-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-500"
        >
          {t("compare")}
        </AppLink>
      ) : (
        <>
          {/* Focusable though disabled, so the reason can be found by keyboard and read with it. */}
          <span
            role="link"
            aria-disabled="true"
            tabIndex={0}
            aria-describedby={reasonId}
            className="cursor-not-allowed rounded-lg bg-violet-600/50 px-3 py-1.5 font-medium text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-500"
          >
            {t("compare")}
          </span>
          <span id={reasonId} className="text-xs text-zinc-600 dark:text-zinc-400">
            {t("needTwo", { min: COMPARE_MIN })}
          </span>
        </>
      )}
      <span aria-hidden="true" className="text-zinc-400">
        ·
      </span>
      <Button variant="ghost" className="px-2 py-1 text-sm" onClick={clear}>
        {t("clear")}
      </Button>
      {/* Always in the page (empty, it takes no room), so the refusal is announced when it appears. */}
      <p role="alert" className="basis-full text-xs font-medium text-amber-800 empty:basis-0 dark:text-amber-300">
        {refused ? t("tooMany", { max: COMPARE_MAX }) : null}
      </p>
    </div>
  );
}
