"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useRef } from "react";

// The open task's detail lives in the page's URL (`?task=<id>`, next to the gallery's filters),
// so it can be linked, reloaded and closed with the browser's Back button. Opening pushes a
// history entry; closing goes back when this page pushed it, and otherwise drops the parameter.

const PARAM = "task";

export function useTaskDrawer() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const pushed = useRef(false);
  const taskId = params.get(PARAM) ?? undefined;

  const urlWith = useCallback(
    (id: string | undefined) => {
      const next = new URLSearchParams(params.toString());
      if (id === undefined) next.delete(PARAM);
      else next.set(PARAM, id);
      const text = next.toString();
      return text ? `${pathname}?${text}` : pathname;
    },
    [params, pathname],
  );

  const open = useCallback(
    (id: string) => {
      if (taskId === undefined) {
        pushed.current = true;
        router.push(urlWith(id), { scroll: false });
      } else router.replace(urlWith(id), { scroll: false });
    },
    [router, urlWith, taskId],
  );

  const close = useCallback(() => {
    if (pushed.current) {
      pushed.current = false;
      router.back();
    } else router.replace(urlWith(undefined), { scroll: false });
  }, [router, urlWith]);

  return { taskId, open, close };
}
