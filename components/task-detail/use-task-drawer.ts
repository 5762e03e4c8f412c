"use client";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";

// The open task's detail lives in the page's URL (`?task=<id>`, next to the gallery's filters),
// so it can be linked, reloaded and closed with the browser's Back button. Opening pushes a
// history entry; closing goes back when this page pushed it, and otherwise drops the parameter.
// The History API is used directly (Next's router follows it) so nothing asks the server again.

const PARAM = "task";

export function useTaskDrawer() {
  const params = useSearchParams();
  const pathname = usePathname();
  const pushed = useRef(false);
  const taskId = params.get(PARAM) ?? undefined;
  // Closed some other way (the browser's Back): the entry this page pushed is gone.
  useEffect(() => {
    if (taskId === undefined) pushed.current = false;
  }, [taskId]);

  const urlWith = useCallback(
    (id: string | undefined) => {
      const next = new URLSearchParams(window.location.search);
      if (id === undefined) next.delete(PARAM);
      else next.set(PARAM, id);
      const text = next.toString();
      return text ? `${pathname}?${text}` : pathname;
    },
    [pathname],
  );

  const open = useCallback(
    (id: string) => {
      if (taskId === undefined) {
        pushed.current = true;
        window.history.pushState(null, "", urlWith(id));
      } else window.history.replaceState(null, "", urlWith(id));
    },
    [urlWith, taskId],
  );

  const close = useCallback(() => {
    if (pushed.current) {
      pushed.current = false;
      window.history.back();
    } else window.history.replaceState(null, "", urlWith(undefined));
  }, [urlWith]);

  return { taskId, open, close };
}
