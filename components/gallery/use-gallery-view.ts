"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { filterToSearchParams, viewFromSearchParams, type ViewFilter } from "@/lib/schemas/task-filter";

// The gallery's view lives in the page's URL (?q=fox&state=succeeded&view=list): a view can be
// bookmarked or shared (changes replace the address rather than pile up history). Unknown or bad
// values are dropped.

export type Layout = "grid" | "list";

export function useGalleryView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filter = useMemo(() => viewFromSearchParams(new URLSearchParams(params.toString())), [params]);
  const layout: Layout = params.get("view") === "list" ? "list" : "grid";

  const go = useCallback(
    (next: ViewFilter, nextLayout: Layout) => {
      const query = filterToSearchParams({ ...next, duration: next.duration?.toString() });
      if (nextLayout === "list") query.set("view", "list");
      const text = query.toString();
      router.replace(text ? `${pathname}?${text}` : pathname, { scroll: false });
    },
    [router, pathname],
  );

  /** Changes some filters, keeping the others (an empty value clears that filter). */
  const setFilter = useCallback(
    (patch: Partial<Record<keyof ViewFilter, string | number | undefined>>) =>
      go(viewFromSearchParams(filterToSearchParams({ ...filter, duration: filter.duration?.toString(), ...patch } as never)), layout),
    [go, filter, layout],
  );
  const clear = useCallback(() => go({}, layout), [go, layout]);
  const setLayout = useCallback((next: Layout) => go(filter, next), [go, filter]);
  return { filter, layout, setFilter, clear, setLayout };
}
