"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "use-intl";
import { useMayGenerate } from "@/components/account/current-account";
import { useErrorText } from "@/components/i18n/use-error-text";
import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/query/api";
import { boardsApi, putExport, useExportProgress, useExports } from "@/lib/query/boards";
import { isExportActive, type FilmExport } from "@/lib/schemas/board";
import { promptSlug } from "@/lib/shared/download-name";

/** Renders the film on the server: the button, live progress with a cancel, and the latest results to download. */
export function ExportPanel({
  boardId,
  title,
  beforeExport,
}: {
  boardId: string;
  title: string;
  beforeExport: () => Promise<void>;
}) {
  const t = useTranslations("storyboard.export");
  const format = useFormatter();
  const errorText = useErrorText();
  const client = useQueryClient();
  const mayExport = useMayGenerate();
  const exports = useExports(boardId);
  const active = exports.data?.find((e) => isExportActive(e.state));
  useExportProgress(boardId, active?.id);

  const start = useMutation({
    mutationFn: async () => {
      await beforeExport();
      return (await boardsApi.requestExport(boardId)).export;
    },
    onSuccess: (view) => putExport(client, view),
  });
  const cancel = useMutation({
    mutationFn: (exportId: string) => boardsApi.cancelExport(boardId, exportId),
    onSuccess: ({ export: view }) => putExport(client, view),
  });
  const fileName = `${promptSlug(title) || "storyboard"}.mp4`;
  const latest = exports.data?.[0];

  return (
    <div className="mt-4 space-y-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-3">
        {mayExport && (
          <Button onClick={() => start.mutate()} disabled={start.isPending || active !== undefined}>
            {t("start")}
          </Button>
        )}
        <p className="text-xs text-zinc-600 dark:text-zinc-400">{t("hint")}</p>
      </div>
      {start.error && (
        <div
          role="alert"
          className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200"
        >
          {start.error instanceof ApiError && start.error.issues.length > 1
            ? start.error.issues.map((i) => <p key={i.path}>{i.message}</p>)
            : errorText(start.error)}
        </div>
      )}
      {active && <Progress view={active} onCancel={() => cancel.mutate(active.id)} cancelling={cancel.isPending} />}
      {latest && !isExportActive(latest.state) && <Outcome view={latest} fileName={fileName} />}
      {exports.data && exports.data.filter((e) => e.state === "succeeded").length > 1 && (
        <details className="text-xs">
          <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">{t("earlier")}</summary>
          <ul className="mt-1 space-y-1">
            {exports.data
              .filter((e) => e.state === "succeeded" && e.videoUrl)
              .slice(1)
              .map((e) => (
                <li key={e.id}>
                  <a
                    className="text-violet-700 hover:underline dark:text-violet-300"
                    href={`${e.videoUrl}?download=${encodeURIComponent(fileName)}`}
                    download={fileName}
                  >
                    {t("earlierItem", {
                      when: format.dateTime(new Date(e.createdAt), { dateStyle: "medium", timeStyle: "short" }),
                      seconds: Math.round(e.lengthS),
                    })}
                  </a>
                </li>
              ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function Progress({ view, onCancel, cancelling }: { view: FilmExport; onCancel: () => void; cancelling: boolean }) {
  const t = useTranslations("storyboard.export");
  const percent = Math.round(view.progress * 100);
  return (
    <div className="space-y-1.5" data-testid="export-progress">
      <div className="flex items-center justify-between gap-2 text-sm">
        <span>{view.state === "queued" ? t("queued") : t("running", { percent })}</span>
        <Button variant="ghost" className="px-2 py-1 text-xs" onClick={onCancel} disabled={cancelling}>
          {t("cancel")}
        </Button>
      </div>
      <div
        role="progressbar"
        aria-label={t("progressLabel")}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div className="h-full bg-violet-600 transition-[width] duration-300" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

function Outcome({ view, fileName }: { view: FilmExport; fileName: string }) {
  const t = useTranslations("storyboard.export");
  if (view.state === "succeeded" && view.videoUrl) {
    return (
      <div
        role="status"
        className="flex flex-wrap items-center gap-3 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-200"
      >
        <span>{t("done", { seconds: Math.round(view.lengthS), count: view.shots })}</span>
        <a
          className="font-medium underline"
          href={`${view.videoUrl}?download=${encodeURIComponent(fileName)}`}
          download={fileName}
        >
          {t("download")}
        </a>
        <a className="underline" href={view.videoUrl} target="_blank" rel="noreferrer">
          {t("watch")}
        </a>
        <span className="text-xs opacity-80">{t("inGallery")}</span>
      </div>
    );
  }
  return (
    <p
      role="status"
      className={
        view.state === "failed" ? "text-sm text-red-700 dark:text-red-400" : "text-sm text-zinc-600 dark:text-zinc-400"
      }
    >
      {view.state === "failed" ? t("failed", { reason: view.error ?? "" }) : t("cancelled")}
    </p>
  );
}
