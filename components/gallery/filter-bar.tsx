"use client";
import { useEffect, useId, useState, type ReactNode } from "react";
import { useTranslations } from "use-intl";
import { MODEL_IDS, RESOLUTIONS, SHAPES } from "@/lib/schemas/catalog";
import { TAG_MAX_CHARS } from "@/lib/schemas/rules";
import { FILTER_LENGTHS, FILTER_TIERS } from "@/lib/schemas/task-filter";
import { TASK_STATES } from "@/lib/schemas/task";
import { SEARCH_MAX_CHARS } from "@/lib/schemas/task-filter";
import { useCurrentAccount } from "@/components/account/current-account";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { PressedGroup } from "@/components/ui/pressed-group";
import { runLabel } from "./run-chip";
import type { useGalleryView } from "./use-gallery-view";

// Search, filters and the grid/list switch above the gallery. Every control writes to the URL
// (see use-gallery-view.ts); typing in the search box waits for a pause before it does.

const SEARCH_AFTER_MS = 300;
const STATUS_KEYS = {
  queued: "queued",
  submitted: "submitted",
  processing: "processing",
  succeeded: "succeeded",
  failed: "failed",
} as const;
const selectClass =
  "w-full sm:w-auto rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs text-zinc-800 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200";

export function FilterBar({ view }: { view: ReturnType<typeof useGalleryView> }) {
  const t = useTranslations("gallery.filters");
  const tTask = useTranslations("task");
  const tRun = useTranslations("variations.run");
  const { filter, setFilter } = view;
  // "Team" and "Mine" exist in team mode only (with sign-in off every task is the one user's).
  const account = useCurrentAccount();
  const [search, setSearch] = useState(filter.q ?? "");
  const [tag, setTag] = useState(filter.tag ?? "");
  // The URL is the truth: Back/Forward or a shared link puts its values in the boxes.
  useEffect(() => setSearch(filter.q ?? ""), [filter.q]);
  useEffect(() => setTag(filter.tag ?? ""), [filter.tag]);
  // Ticked at once (the URL catches up a moment later).
  const [favourites, setFavourites] = useState(filter.favourite === "1");
  useEffect(() => setFavourites(filter.favourite === "1"), [filter.favourite]);
  useEffect(() => {
    if (search.trim() === (filter.q ?? "")) return;
    const timer = setTimeout(() => setFilter({ q: search.trim() || undefined }), SEARCH_AFTER_MS);
    return () => clearTimeout(timer);
  }, [search, filter.q, setFilter]);

  const active = Object.keys(filter).length > 0;
  // On a phone the filters fold away behind one button (the search box stays), saying how many are on.
  const [open, setOpen] = useState(false);
  const activeFilters = Object.keys(filter).filter((key) => key !== "q" && key !== "owner").length;
  const filtersId = useId();
  const select = (
    name: "state" | "model" | "size" | "duration" | "orientation",
    options: readonly (string | number)[],
    label: (value: string) => string,
  ) => (
    <Labelled label={t(name)}>
      {(id) => (
        <select
          id={id}
          className={selectClass}
          value={filter[name]?.toString() ?? ""}
          onChange={(e) => setFilter({ [name]: e.target.value || undefined })}
        >
          <option value="">{t("any")}</option>
          {options.map((o) => (
            <option key={o} value={String(o)}>
              {label(String(o))}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  );
  // Each end of the date range bounds the other, so the picker offers no range that ends before it starts.
  const date = (bound: "from" | "to") => (
    <Labelled label={t(bound)}>
      {(id) => (
        <input
          id={id}
          type="date"
          className={selectClass}
          value={filter[bound] ?? ""}
          min={bound === "to" ? filter.from : undefined}
          max={bound === "from" ? filter.to : undefined}
          onChange={(e) => setFilter({ [bound]: e.target.value || undefined })}
        />
      )}
    </Labelled>
  );

  return (
    <div
      role="search"
      aria-label={t("label")}
      className="space-y-2 rounded-xl border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-center gap-2">
        <label className="min-w-[12rem] flex-1">
          <span className="sr-only">{t("search")}</span>
          <input
            type="search"
            value={search}
            maxLength={SEARCH_MAX_CHARS}
            placeholder={t("searchPlaceholder")}
            onChange={(e) => setSearch(e.target.value)}
            className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-1.5 text-sm text-zinc-900 placeholder:text-zinc-500 focus:border-violet-500 focus:outline-none focus:ring-2 focus:ring-violet-500/30 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100 dark:placeholder:text-zinc-400"
          />
        </label>
        {account && (
          <PressedGroup
            label={t("whose")}
            options={
              [
                { value: "team", label: t("team") },
                { value: "me", label: t("mine") },
              ] as const
            }
            value={filter.owner === "me" ? "me" : "team"}
            onChoose={(owner) => setFilter({ owner: owner === "me" ? "me" : undefined })}
          />
        )}
        <PressedGroup
          label={t("layout")}
          options={
            [
              { value: "grid", label: t("grid") },
              { value: "list", label: t("list") },
            ] as const
          }
          value={view.layout}
          onChoose={view.setLayout}
        />
        <Button
          variant="secondary"
          className="px-2.5 py-1 text-xs sm:hidden"
          aria-expanded={open}
          aria-controls={filtersId}
          onClick={() => setOpen((v) => !v)}
        >
          {activeFilters > 0 ? t("toggleActive", { count: activeFilters }) : t("toggle")}
        </Button>
      </div>
      <div
        id={filtersId}
        className={cx("grid-cols-2 items-end gap-x-3 gap-y-2 sm:flex sm:flex-wrap", open ? "grid" : "hidden")}
      >
        {select("state", TASK_STATES, (s) => tTask(`status.${STATUS_KEYS[s as keyof typeof STATUS_KEYS]}.label`))}
        {select("model", MODEL_IDS, (m) => m)}
        {select("size", FILTER_TIERS, (s) =>
          (RESOLUTIONS as readonly string[]).includes(s) ? s : tTask(`size.${s as "small" | "large"}`),
        )}
        {select("duration", FILTER_LENGTHS, (d) => tTask("seconds", { seconds: d }))}
        {select("orientation", SHAPES, (o) => tTask(`orientation.${o as (typeof SHAPES)[number]}`))}
        {date("from")}
        {date("to")}
        <Labelled label={t("tag")}>
          {(id) => (
            <input
              id={id}
              type="text"
              className={`${selectClass} sm:w-24`}
              value={tag}
              maxLength={TAG_MAX_CHARS}
              onChange={(e) => setTag(e.target.value)}
              onBlur={() => tag.trim() !== (filter.tag ?? "") && setFilter({ tag: tag.trim() || undefined })}
              onKeyDown={(e) => e.key === "Enter" && setFilter({ tag: tag.trim() || undefined })}
            />
          )}
        </Labelled>
        <label className="flex items-center gap-1.5 pb-1 text-xs text-zinc-700 dark:text-zinc-300">
          <input
            type="checkbox"
            className="h-4 w-4 accent-violet-600"
            checked={favourites}
            onChange={(e) => {
              setFavourites(e.target.checked);
              setFilter({ favourite: e.target.checked ? "1" : undefined });
            }}
          />
          {t("favourites")}
        </label>
        {filter.run && (
          <span
            data-testid="run-filter"
            className="inline-flex items-center gap-1 rounded-md bg-violet-50 py-0.5 pl-2 pr-0.5 text-xs font-medium text-violet-800 ring-1 ring-inset ring-violet-200 dark:bg-violet-950/50 dark:text-violet-200 dark:ring-violet-800"
          >
            {tRun("filter", { label: runLabel(filter.run) })}
            <button
              type="button"
              aria-label={tRun("remove")}
              title={tRun("remove")}
              onClick={() => setFilter({ run: undefined })}
              className="rounded px-1 leading-none hover:bg-violet-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-violet-500 dark:hover:bg-violet-900/60"
            >
              <span aria-hidden="true">×</span>
            </button>
          </span>
        )}
        {active && (
          <Button variant="ghost" className="px-2 py-1 text-xs" onClick={view.clear}>
            {t("clear")}
          </Button>
        )}
      </div>
    </div>
  );
}

/** A small control with its label above it (linked by id, so its name is the label alone). */
function Labelled({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <label htmlFor={id} className="text-[11px] font-medium text-zinc-600 dark:text-zinc-400">
        {label}
      </label>
      {children(id)}
    </div>
  );
}
