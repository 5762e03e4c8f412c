"use client";
import { useState, type ReactNode } from "react";
import { useFormatter, useLocale, useTranslations } from "use-intl";
import { composeFrom } from "@/components/composer/compose-bridge";
import type { UpstreamInfo } from "@/components/task/request-preview";
import { upstreamCallText } from "@/components/task/upstream-copy";
import { archiveText, archiveView } from "@/components/task/archive-status";
import { useMayChange, useMayGenerate } from "@/components/account/current-account";
import { DeleteTask } from "@/components/task/delete-task";
import { downloadProps } from "@/components/task/download-props";
import { FavouriteToggle } from "@/components/task/favourite-toggle";
import { formatElapsed, settingLabels, statusView } from "@/components/task/task-status";
import { VideoPlayer } from "@/components/task/video-player";
import { useErrorText } from "@/components/i18n/use-error-text";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { useCreateVideo } from "@/lib/query/tasks";
import { isUploadRef } from "@/lib/schemas/rules";
import { FINISHED_STATES, type Task } from "@/lib/schemas/task";
import { NotesEditor } from "./notes-editor";
import { TagEditor } from "./tag-editor";
import { taskTimings } from "./timings";
import { frameOf } from "@/lib/schemas/catalog";

type Props = {
  task: Task;
  upstream: UpstreamInfo;
  /** Closes the drawer, then runs `after` (once focus has gone back to the page). */
  closeThen: (after: () => void) => void;
  onOpen: (id: string) => void;
};

/** Everything about one task: its video, what was asked, what happened and when, and what to do next. */
export function TaskDetail({ task, upstream, closeThen, onOpen }: Props) {
  const t = useTranslations("detail");
  const tTask = useTranslations("task");
  const tGallery = useTranslations("gallery");
  const format = useFormatter();
  const locale = useLocale();
  const errorText = useErrorText();
  const rerun = useCreateVideo();
  const mayGenerate = useMayGenerate();
  const mayChange = useMayChange(task.ownerId);
  const [notice, setNotice] = useState<{ kind: "info" | "error"; text: string; newTaskId?: string } | null>(null);
  const status = statusView(task);
  const finished = FINISHED_STATES.includes(task.state);
  const video = task.videos[0];
  const { width, height } = frameOf(task.request);
  const dateTime = (iso: string | null) =>
    iso ? format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "medium" }) : "—";
  const clock = (ms: number | null) => (ms === null ? "—" : formatElapsed(ms, tTask));
  const timings = taskTimings(task, Date.now());
  const archived = video && task.state === "succeeded" ? archiveView(video, Date.now()) : undefined;
  const archive = archived && archiveText(archived, tGallery, tTask, locale);

  const onRerun = async () => {
    setNotice(null);
    try {
      const { task: fresh } = await rerun.mutateAsync(task.request);
      setNotice({ kind: "info", text: t("rerun.started"), newTaskId: fresh.id });
    } catch (error) {
      setNotice({ kind: "error", text: errorText(error as Error) });
    }
  };
  const onEditRerun = () => closeThen(() => composeFrom(task.request));
  const copy = async (what: "curl" | "json" | "prompt" | "id", text?: () => Promise<string> | string) => {
    try {
      await navigator.clipboard.writeText(
        await (text ?? (() => upstreamCallText(task.request, upstream, what === "json" ? "json" : "curl")))(),
      );
      setNotice({ kind: "info", text: t(`copied.${what}`) });
    } catch {
      setNotice({ kind: "error", text: t("copyFailed") });
    }
  };

  return (
    <div className="space-y-6 p-4 sm:p-6" data-testid="task-detail" data-state={task.state}>
      <div className="flex justify-center overflow-hidden rounded-xl bg-zinc-950">
        {video ? (
          <VideoPlayer
            key={video.id}
            video={video}
            playsInline
            aria-label={t("player", { prompt: task.request.prompt.slice(0, 80) })}
            className="max-h-[60dvh] w-full object-contain"
            style={{ aspectRatio: `${width} / ${height}` }}
          />
        ) : (
          <div className="flex aspect-video w-full flex-col items-center justify-center gap-2 p-6 text-center text-zinc-200">
            <span className="text-2xl" aria-hidden="true">
              {status.symbol}
            </span>
            <span className="text-sm font-medium">{tTask(`status.${status.key}.label`)}</span>
            <span className="max-w-sm text-xs text-zinc-400">
              {status.reason ?? tTask(`status.${status.key}.detail`)}
            </span>
          </div>
        )}
      </div>

      <div className="flex flex-wrap gap-2" role="group" aria-label={t("actions")}>
        {task.videos.map((v, i) => (
          <a
            key={v.id}
            {...downloadProps(v.url, task, i)}
            className="inline-flex items-center gap-2 rounded-lg bg-violet-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-violet-500"
          >
            {task.videos.length > 1 ? t("downloadNth", { n: i + 1 }) : t("download")}
          </a>
        ))}
        {/* A film was rendered from a storyboard, not generated: there is no request to send again. */}
        {mayGenerate && task.origin !== "film" && (
          <>
            <Button variant="secondary" onClick={() => void onRerun()} disabled={rerun.isPending}>
              {rerun.isPending ? t("rerun.starting") : t("rerun.label")}
            </Button>
            <Button variant="secondary" onClick={onEditRerun}>
              {t("editRerun")}
            </Button>
          </>
        )}
        {task.origin !== "film" && (
          <Button variant="secondary" onClick={() => void copy("curl")}>
            {t("copyCurl")}
          </Button>
        )}
        <FavouriteToggle task={task} withLabel className="border border-zinc-300 px-3.5 py-2 dark:border-zinc-700" />
        <DeleteTask taskId={task.id} ownerId={task.ownerId} unfinished={!finished && task.state !== "queued"} />
      </div>

      {notice && (
        <div
          role={notice.kind === "error" ? "alert" : "status"}
          data-testid="detail-notice"
          className={cx(
            "flex flex-wrap items-center gap-3 rounded-lg px-3 py-2 text-sm",
            notice.kind === "error"
              ? "bg-red-50 text-red-800 dark:bg-red-950/50 dark:text-red-200"
              : "bg-emerald-50 text-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-200",
          )}
        >
          {notice.text}
          {notice.newTaskId && (
            <Button
              variant="secondary"
              className="px-2 py-1 text-xs"
              onClick={() => onOpen(notice.newTaskId as string)}
            >
              {t("rerun.open")}
            </Button>
          )}
        </div>
      )}

      <section aria-labelledby="detail-prompt" className="space-y-2">
        <div className="flex items-center justify-between gap-2">
          <h3 id="detail-prompt" className="text-sm font-semibold">
            {t("prompt")}
          </h3>
          <Button
            variant="ghost"
            className="px-2 py-1 text-xs"
            onClick={() => void copy("prompt", () => task.request.prompt)}
          >
            {t("copyPrompt")}
          </Button>
        </div>
        <p className="whitespace-pre-wrap break-words text-sm text-zinc-800 dark:text-zinc-200">
          {task.request.prompt}
        </p>
        <ul
          className="flex flex-wrap gap-1.5 text-xs text-zinc-600 dark:text-zinc-400"
          aria-label={tGallery("card.settings")}
        >
          {settingLabels(task.request, tTask).map((chip) => (
            <li key={chip} className="rounded-md bg-zinc-100 px-1.5 py-0.5 dark:bg-zinc-800">
              {chip}
            </li>
          ))}
        </ul>
        <References task={task} />
      </section>

      {task.state === "failed" && task.error && (
        <p
          role="note"
          className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/40 dark:text-red-200"
        >
          <span className="font-semibold">{tGallery("card.why")}</span>
          {task.error.message}
        </p>
      )}

      <section aria-labelledby="detail-organise" className="space-y-4">
        <h3 id="detail-organise" className="text-sm font-semibold">
          {t("organise")}
        </h3>
        {mayChange ? (
          <>
            <TagEditor task={task} />
            <NotesEditor task={task} />
          </>
        ) : (
          <div className="space-y-2 text-sm">
            {task.tags.length > 0 && (
              <ul className="flex flex-wrap gap-1.5" aria-label={t("tagsReadOnly")}>
                {task.tags.map((tag) => (
                  <li key={tag} className="rounded-md bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">
                    {tag}
                  </li>
                ))}
              </ul>
            )}
            {task.notes && (
              <p className="whitespace-pre-wrap break-words text-zinc-800 dark:text-zinc-200">{task.notes}</p>
            )}
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("notYours")}</p>
          </div>
        )}
      </section>

      <section aria-labelledby="detail-facts" className="space-y-2">
        <h3 id="detail-facts" className="text-sm font-semibold">
          {t("facts")}
        </h3>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
          <Fact label={t("state")}>
            <span data-testid="detail-state">{tTask(`status.${status.key}.label`)}</span>
          </Fact>
          <Fact label={t("created")}>{dateTime(task.createdAt)}</Fact>
          <Fact label={t("submitted")}>{dateTime(task.submittedAt)}</Fact>
          <Fact label={t("finished")}>{dateTime(task.finishedAt)}</Fact>
          {(["queued", "running", "total"] as const).map((phase) => (
            <Fact key={phase} label={t(`timings.${phase}`)}>
              <span data-testid={`timing-${phase}`}>{clock(timings[`${phase}Ms`])}</span>
            </Fact>
          ))}
          <Fact label={t("attempts")}>{task.attempts}</Fact>
          {(
            [
              ["upstreamTaskId", task.upstreamTaskId, "detail-upstream-id"],
              ["traceId", task.traceId, "detail-trace-id"],
            ] as const
          ).map(([label, value, testId]) => (
            <Fact key={label} label={t(label)}>
              <Identifier
                value={value}
                testId={testId}
                onCopy={(id) => void copy("id", () => id)}
                copyLabel={t("copyId")}
              />
            </Fact>
          ))}
          <Fact label={t("origin")}>{t(`origins.${task.origin}`)}</Fact>
          {archive && (
            <Fact label={t("archive")}>
              <span data-testid="detail-archive">{archive.text}</span>
              {archive.detail && (
                <span className="block text-xs text-zinc-500 dark:text-zinc-400">{archive.detail}</span>
              )}
            </Fact>
          )}
          {video?.expiresAt && <Fact label={t("linkExpires")}>{dateTime(video.expiresAt)}</Fact>}
          <Fact label={t("taskId")}>
            <code className="break-all text-xs">{task.id}</code>
          </Fact>
        </dl>
      </section>

      <details className="rounded-lg border border-zinc-200 dark:border-zinc-800">
        <summary className="cursor-pointer select-none rounded-lg px-3 py-2 text-sm font-medium hover:bg-zinc-100 dark:hover:bg-zinc-800">
          {t("request")}
        </summary>
        <div className="space-y-2 border-t border-zinc-200 p-3 dark:border-zinc-800">
          <pre
            data-testid="detail-request"
            className="max-h-72 overflow-auto whitespace-pre-wrap break-all rounded-md bg-zinc-950 p-3 text-xs leading-relaxed text-zinc-100"
          >
            {JSON.stringify(task.request, null, 2)}
          </pre>
          <Button variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => void copy("json")}>
            {t("copyJson")}
          </Button>
        </div>
      </details>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </>
  );
}

function Identifier({
  value,
  testId,
  onCopy,
  copyLabel,
}: {
  value: string | null;
  testId: string;
  onCopy: (value: string) => void;
  copyLabel: string;
}) {
  if (value === null) return <span data-testid={testId}>—</span>;
  return (
    <span className="flex items-center gap-2">
      <code data-testid={testId} className="break-all text-xs">
        {value}
      </code>
      <Button
        variant="ghost"
        className="px-1.5 py-0.5 text-xs"
        onClick={() => onCopy(value)}
        aria-label={`${copyLabel}: ${value}`}
      >
        {copyLabel}
      </Button>
    </span>
  );
}

/** The reference images and the character clip a task was made with. */
function References({ task }: { task: Task }) {
  const t = useTranslations("detail");
  const images = task.request.image_urls ?? [];
  const { character_url: clip, character_start: start, character_end: end } = task.request;
  if (images.length === 0 && !clip) return null;
  return (
    <div className="space-y-2 text-sm">
      {images.length > 0 && (
        <div>
          <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">
            {t("images", { count: images.length })}
          </p>
          <ul className="mt-1 flex flex-wrap gap-2">
            {images.map((url, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a request may list one image twice; the list never reorders
              <li key={`${url}-${i}`}>
                {isUploadRef(url) || url.startsWith("data:") ? (
                  // Our own upload route: a plain <img>, nothing to optimise.
                  <img
                    src={url}
                    alt={t("imageAlt", { n: i + 1 })}
                    className="h-16 w-16 rounded-md object-cover ring-1 ring-zinc-200 dark:ring-zinc-700"
                  />
                ) : (
                  <a
                    href={url}
                    target="_blank"
                    rel="noreferrer noopener"
                    className="break-all text-xs text-violet-700 hover:underline dark:text-violet-300"
                  >
                    {url}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {clip && (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          {start !== undefined && end !== undefined ? t("clipRange", { start, end }) : t("clip")}{" "}
          <a
            href={clip}
            target="_blank"
            rel="noreferrer noopener"
            className="break-all text-violet-700 hover:underline dark:text-violet-300"
          >
            {clip}
          </a>
        </p>
      )}
    </div>
  );
}
