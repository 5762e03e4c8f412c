"use client";
import type { ReactNode } from "react";
import { Button } from "./button";
import { cx } from "./cx";
import { ErrorAlert } from "./error-alert";

/**
 * An inline "are you sure?" for a destructive action: what will happen, Keep (focused first, so
 * Enter does no harm) and the action itself, and the action's error under both.
 */
export function ConfirmBar({
  label,
  message,
  keepLabel,
  confirmLabel,
  busy,
  error,
  onKeep,
  onConfirm,
  className,
  messageClassName,
}: {
  label: string;
  message: ReactNode;
  keepLabel: string;
  confirmLabel: string;
  busy: boolean;
  error: Error | null | undefined;
  onKeep: () => void;
  onConfirm: () => void;
  /** Layout and text size of the bar where it stands. */
  className?: string;
  messageClassName?: string;
}) {
  return (
    <div
      role="group"
      aria-label={label}
      className={cx("flex flex-wrap items-center gap-2 rounded-lg bg-zinc-100 px-3 py-2 dark:bg-zinc-800", className)}
    >
      <span className={messageClassName}>{message}</span>
      <span className="ml-auto flex gap-2">
        <Button variant="secondary" className="px-2 py-1 text-xs" onClick={onKeep} autoFocus>
          {keepLabel}
        </Button>
        <Button variant="danger" className="px-2 py-1 text-xs" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </span>
      <ErrorAlert error={error} className="basis-full text-xs font-medium" />
    </div>
  );
}
