"use client";
import { useComposerContext } from "../composer-context";

/** What became of the last submit (or of a draft loaded from elsewhere). */
export function ComposerNotice() {
  const { notice } = useComposerContext();
  if (!notice) return null;
  return (
    <div
      role={notice.kind === "error" ? "alert" : "status"}
      data-testid="composer-notice"
      className={
        notice.kind === "error"
          ? "rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200"
          : "rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:border-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-200"
      }
    >
      {notice.text}
    </div>
  );
}
