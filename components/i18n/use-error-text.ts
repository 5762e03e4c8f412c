"use client";
import { useCallback, useMemo } from "react";
import { useLocale, useTranslations } from "use-intl";
import { DEFAULT_LOCALE } from "@/lib/i18n/config";
import { ApiError } from "@/lib/query/api";
import { type ErrorCode, isErrorCode } from "@/lib/schemas/error-codes";

type Words = {
  locale: string;
  network: () => string;
  http: (status: number) => string;
  byCode: (code: ErrorCode) => string;
};

/**
 * The words for a failed call. Errors the browser itself makes (no connection, a bare status)
 * are translated. A server error is worded by its code (messages/<locale>/errors.json) in any
 * language but the API's own: there the server's sentence is shown, since it says the most
 * (sizes, field names, what to do).
 */
export function errorText(error: Error, words: Words): string {
  if (!(error instanceof ApiError)) return error.message;
  if (error.code === "network_error") return words.network();
  if (error.code === "http_error") return words.http(error.status);
  if (words.locale !== DEFAULT_LOCALE && isErrorCode(error.code)) return words.byCode(error.code);
  return error.message;
}

/**
 * The words for a server issue at one field (`at` matches its path), or undefined when the error
 * has none there. A refusal with a code of its own (name_taken, upstream_task_not_found) repeats
 * it at the field in the server's English, so outside English the code's sentence stands there;
 * a schema's issue (invalid_request) keeps its message.
 */
export function issueText(error: Error | null | undefined, at: (path: string) => boolean, words: Words) {
  if (!(error instanceof ApiError)) return undefined;
  const issue = error.issues.find((i) => at(i.path));
  if (!issue) return undefined;
  if (words.locale !== DEFAULT_LOCALE && error.code !== "invalid_request" && isErrorCode(error.code))
    return words.byCode(error.code);
  return issue.message;
}

function useWords(): Words {
  const t = useTranslations("common.errors");
  const byCode = useTranslations("errors");
  const locale = useLocale();
  return useMemo(
    () => ({
      locale,
      network: () => t("network"),
      http: (status) => t("http", { status }),
      byCode: (code) => byCode(code),
    }),
    [t, byCode, locale],
  );
}

export function useErrorText(): (error: Error) => string {
  const words = useWords();
  return useCallback((error: Error) => errorText(error, words), [words]);
}

/** `issueText` in the reader's language; `at` is a path, or a test of one. */
export function useIssueText(): (
  error: Error | null | undefined,
  at: string | ((path: string) => boolean),
) => string | undefined {
  const words = useWords();
  return useCallback(
    (error, at) => issueText(error, typeof at === "string" ? (path) => path === at : at, words),
    [words],
  );
}
