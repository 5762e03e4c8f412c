"use client";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useRef } from "react";
import {
  VIEW_FILTER_KEYS,
  filterToSearchParams,
  viewFromSearchParams,
  type ViewFilter,
} from "@/lib/schemas/task-filter";

// The gallery's view lives in the page's URL (?q=fox&state=succeeded&view=list): a view can be
// bookmarked or shared (changes replace the address rather than pile up history). Unknown or bad
// values are dropped. The address changes through the History API, which Next's router follows
// without asking the server for the page again: a filter is one list request, nothing more.

export type Layout = "grid" | "list";

const OWN_KEYS = new Set<string>([...VIEW_FILTER_KEYS, "view"]);

export function useGalleryView() {
  const params = useSearchParams();
  const pathname = usePathname();
  const filter = useMemo(() => viewFromSearchParams(new URLSearchParams(params.toString())), [params]);
  const layout: Layout = params.get("view") === "list" ? "list" : "grid";
  // The view last asked for: two quick changes (a model, then an orientation) build on each
  // other even before the page has re-rendered with the first.
  const latest = useRef(filter);
  latest.current = filter;

  const go = useCallback(
    (next: ViewFilter, nextLayout: Layout) => {
      latest.current = next;
      const query = filterToSearchParams({ ...next, duration: next.duration?.toString() });
      if (nextLayout === "list") query.set("view", "list");
      // Other parameters of the page (an open task's detail) are kept.
      const current = new URLSearchParams(window.location.search);
      for (const [key, value] of current) if (!OWN_KEYS.has(key)) query.set(key, value);
      const text = query.toString();
      // `null`, not the current state: Next only follows calls without its own state in them.
      window.history.replaceState(null, "", text ? `${pathname}?${text}` : pathname);
    },
    [pathname],
  );

  /** Changes some filters, keeping the others (an empty value clears that filter). */
  const setFilter = useCallback(
    (patch: Partial<Record<keyof ViewFilter, string | number | undefined>>) => {
      const base = latest.current;
      go(
        viewFromSearchParams(filterToSearchParams({ ...base, duration: base.duration?.toString(), ...patch } as never)),
        layout,
      );
    },
    [go, layout],
  );
  const clear = useCallback(() => go({}, layout), [go, layout]);
  const setLayout = useCallback((next: Layout) => go(filter, next), [go, filter]);
  return { filter, layout, setFilter, clear, setLayout };
}
