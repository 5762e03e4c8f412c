"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { useFormatter, useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { ErrorAlert } from "@/components/ui/error-alert";
import { Field, inputClass } from "@/components/ui/field";
import { LoadError } from "@/components/ui/load-error";
import { auditExportUrl, useAuditLog, type AuditView } from "@/lib/query/audit";
import { AUDIT_ACTIONS, auditFilterToParams, type AuditAction, type AuditEntryView } from "@/lib/schemas/audit";
import { TableHead } from "./table-head";

// The audit log for admins: filters in the URL (a view can be bookmarked or sent), a page of
// lines at a time, and the same view exported as CSV.

function useAuditView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const view = useMemo<AuditView>(() => {
    const action = params.get("action");
    return {
      action: AUDIT_ACTIONS.includes(action as AuditAction) ? (action as AuditAction) : undefined,
      actor: params.get("actor") || undefined,
      from: params.get("from") || undefined,
      to: params.get("to") || undefined,
    };
  }, [params]);
  const setView = (next: AuditView) => {
    const query = auditFilterToParams(next).toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  return { view, setView };
}

export function AuditLog() {
  const t = useTranslations("admin.audit");
  const format = useFormatter();
  const { view, setView } = useAuditView();
  const log = useAuditLog(view);
  // The address box changes the URL when typing pauses, not at every key.
  const [actor, setActor] = useState(view.actor ?? "");
  useEffect(() => setActor(view.actor ?? ""), [view.actor]);
  useEffect(() => {
    const handle = setTimeout(() => {
      if ((view.actor ?? "") !== actor.trim()) setView({ ...view, actor: actor.trim() || undefined });
    }, 300);
    return () => clearTimeout(handle);
  });

  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  const cell = "px-3 py-2 align-top";
  return (
    <div className="space-y-4">
      <form
        role="search"
        aria-label={t("filters")}
        onSubmit={(e) => e.preventDefault()}
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[12rem_1fr_10rem_10rem_auto] lg:items-end"
      >
        <Field id="audit-action" label={t("action")}>
          <select
            id="audit-action"
            className={inputClass}
            value={view.action ?? ""}
            onChange={(e) => setView({ ...view, action: (e.target.value || undefined) as AuditAction | undefined })}
          >
            <option value="">{t("anyAction")}</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {t(`actions.${action}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="audit-actor" label={t("actor")}>
          <input
            id="audit-actor"
            type="search"
            className={inputClass}
            placeholder={t("actorPlaceholder")}
            value={actor}
            onChange={(e) => setActor(e.target.value)}
          />
        </Field>
        {(["from", "to"] as const).map((bound) => (
          <Field key={bound} id={`audit-${bound}`} label={t(bound)}>
            <input
              id={`audit-${bound}`}
              type="date"
              className={inputClass}
              value={view[bound] ?? ""}
              onChange={(e) => setView({ ...view, [bound]: e.target.value || undefined })}
            />
          </Field>
        ))}
        <a
          href={auditExportUrl(view)}
          download
          className="inline-flex items-center justify-center rounded-lg border border-zinc-300 px-3.5 py-2 text-sm font-medium hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          {t("export")}
        </a>
      </form>

      {log.error ? (
        <LoadError title={t("loadError")} error={log.error} onRetry={() => void log.refetch()} />
      ) : (
        <div className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
          <table className="w-full min-w-[48rem] text-left text-sm" aria-busy={log.isPending}>
            <caption className="sr-only">{t("caption")}</caption>
            <TableHead cell={cell} labels={[t("when"), t("who"), t("action"), t("what"), t("ip")]} />
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {items.map((entry) => (
                <tr key={entry.seq} data-testid="audit-row">
                  <td className={`${cell} whitespace-nowrap tabular-nums`}>
                    <time dateTime={entry.at} suppressHydrationWarning>
                      {format.dateTime(new Date(entry.at), { dateStyle: "medium", timeStyle: "medium" })}
                    </time>
                  </td>
                  <td className={cell}>{entry.actorEmail ?? t("nobody")}</td>
                  <td className={cell}>{t(`actions.${entry.action}`)}</td>
                  <td className={`${cell} max-w-md break-words text-zinc-600 dark:text-zinc-400`}>
                    <Summary entry={entry} />
                  </td>
                  <td className={`${cell} font-mono text-xs`}>{entry.ip ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {log.data && items.length === 0 && (
            <p className="px-3 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">{t("empty")}</p>
          )}
        </div>
      )}
      <ErrorAlert error={log.isFetchNextPageError ? log.error : null} className="text-sm" />
      {log.hasNextPage && (
        <Button variant="secondary" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {log.isFetchingNextPage ? t("loadingMore") : t("more")}
        </Button>
      )}
    </div>
  );
}

/** The line's target and the detail that matters for its kind, in words. */
function Summary({ entry }: { entry: AuditEntryView }) {
  const t = useTranslations("admin.audit");
  const d = entry.detail as Record<string, unknown>;
  if (entry.action === "task_submitted") {
    return (
      <>
        {t("submitted", {
          videos: Number(d.videos ?? 1),
          seconds: Number(d.seconds ?? 0),
          models: String((d.models as string[] | undefined)?.join(", ") ?? ""),
          prompt: String(d.prompt ?? ""),
        })}
      </>
    );
  }
  if (entry.action === "task_deleted")
    return <>{t("deleted", { seconds: Number(d.seconds ?? 0), prompt: String(d.prompt ?? "") })}</>;
  if (entry.action === "role_changed")
    return <>{t("roleChanged", { target: entry.target ?? "", from: String(d.from ?? ""), to: String(d.to ?? "") })}</>;
  if (entry.action === "quota_changed")
    return (
      <>{entry.target === "team default" ? t("teamQuotaChanged") : t("quotaChanged", { target: entry.target ?? "" })}</>
    );
  return <>{entry.target ?? ""}</>;
}
