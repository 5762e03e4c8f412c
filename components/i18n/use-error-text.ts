"use client";
import { useTranslations } from "use-intl";
import { ApiError } from "@/lib/query/api";

/**
 * The words for a failed call. Errors the browser itself makes (no connection, a bare status)
 * are translated; a sentence the server sent is shown as given, since the API speaks English.
 */
export function useErrorText(): (error: Error) => string {
  const t = useTranslations("common.errors");
  return (error) => {
    if (!(error instanceof ApiError)) return error.message;
    if (error.code === "network_error") return t("network");
    if (error.code === "http_error") return t("http", { status: error.status });
    return error.message;
  };
}
