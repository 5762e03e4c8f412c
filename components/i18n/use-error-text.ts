"use client";
import { useCallback } from "react";
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

export function useErrorText(): (error: Error) => string {
  const t = useTranslations("common.errors");
  const byCode = useTranslations("errors");
  const locale = useLocale();
  return useCallback(
    (error: Error) =>
      errorText(error, {
        locale,
        network: () => t("network"),
        http: (status) => t("http", { status }),
        byCode: (code) => byCode(code),
      }),
    [t, byCode, locale],
  );
}
