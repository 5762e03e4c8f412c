"use client";
import { useTranslations } from "use-intl";
import { useErrorText } from "@/components/i18n/use-error-text";
import { retryRead } from "@/lib/query/retry";
import { Button } from "./button";
import { cx } from "./cx";

/**
 * What a list or panel shows when it could not be read: what failed, why in plain words, and a
 * retry, unless the studio refused on purpose (missing, no right): asking again gets the same answer.
 */
export function LoadError({
  title,
  error,
  onRetry,
  className,
}: {
  title: string;
  error: Error;
  onRetry: () => void;
  className?: string;
}) {
  const tCommon = useTranslations("common");
  const errorText = useErrorText();
  return (
    <div
      role="alert"
      className={cx(
        "rounded-xl border border-red-200 bg-red-50 p-6 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200",
        className,
      )}
    >
      <p className="font-semibold">{title}</p>
      <p className="mt-1">{errorText(error)}</p>
      {retryRead(0, error) && (
        <Button variant="secondary" className="mt-3" onClick={onRetry}>
          {tCommon("tryAgain")}
        </Button>
      )}
    </div>
  );
}
