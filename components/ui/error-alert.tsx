"use client";
import { useErrorText } from "@/components/i18n/use-error-text";
import { cx } from "./cx";

const TONES = {
  text: "text-red-700 dark:text-red-300",
  box: "rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200",
};

/** A failed action's error in plain words, announced when it appears; nothing while there is none. */
export function ErrorAlert({
  error,
  variant = "text",
  className,
}: {
  error: Error | null | undefined;
  /** "box": on a red panel of its own, above a table or form it is about. */
  variant?: keyof typeof TONES;
  className?: string;
}) {
  const errorText = useErrorText();
  if (!error) return null;
  return (
    <p role="alert" className={cx(className, TONES[variant])}>
      {errorText(error)}
    </p>
  );
}
