"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

// The prompts page's view in its URL (?tab=library&q=fox&tag=night&prompt=<id>), so a view can
// be bookmarked and the back button leaves the page rather than undoing each keystroke.

export type PromptsTab = "history" | "library";
export type PromptsView = { tab: PromptsTab; q: string; tag: string; prompt: string | null };

export function usePromptsView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const view = useMemo<PromptsView>(
    () => ({
      tab: params.get("tab") === "library" ? "library" : "history",
      q: params.get("q") ?? "",
      tag: params.get("tag") ?? "",
      prompt: params.get("prompt") || null,
    }),
    [params],
  );
  const setView = useCallback(
    (patch: Partial<PromptsView>) => {
      const next = { ...view, ...patch };
      const query = new URLSearchParams();
      if (next.tab !== "history") query.set("tab", next.tab);
      if (next.q) query.set("q", next.q);
      if (next.tab === "library" && next.tag) query.set("tag", next.tag);
      if (next.tab === "library" && next.prompt) query.set("prompt", next.prompt);
      const text = query.toString();
      router.replace(text ? `${pathname}?${text}` : pathname, { scroll: false });
    },
    [view, router, pathname],
  );
  return { view, setView };
}
