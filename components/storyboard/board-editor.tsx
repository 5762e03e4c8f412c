"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useRef, useState, type DragEvent } from "react";
import { useTranslations } from "use-intl";
import { useMayChange } from "@/components/account/current-account";
import { useErrorText } from "@/components/i18n/use-error-text";
import { AppLink } from "@/components/ui/app-link";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { FieldError, inputClass } from "@/components/ui/field";
import { LoadError } from "@/components/ui/load-error";
import { ApiError } from "@/lib/query/api";
import { boardKeys, boardsApi } from "@/lib/query/boards";
import {
  addShot,
  BOARD_TITLE_MAX,
  duplicateShot,
  moveShot,
  removeShot,
  updateShot,
  type GenerateResult,
  type GenerateWhich,
} from "@/lib/schemas/board";
import { BoardSettings } from "./board-settings";
import { ExportPanel } from "./export-panel";
import { FilmPreview } from "./film-preview";
import { ShotCard } from "./shot-card";
import { useBoardEditor, type SaveState } from "./use-board-editor";

const newId = () => crypto.randomUUID();
/** The drag payload's type: only our own shots are dropped on shots. */
const SHOT_DRAG_TYPE = "application/x-studio-shot";

/** One storyboard: title and save state, its shots (edit, reorder, generate, choose takes), its settings. */
export function BoardEditor({ id, clipUploads }: { id: string; clipUploads: boolean }) {
  const t = useTranslations("storyboard.editor");
  const tComposer = useTranslations("composer");
  const errorText = useErrorText();
  const router = useRouter();
  const client = useQueryClient();
  const editor = useBoardEditor(id);
  const { doc, view, edit } = editor;
  const mayChange = useMayChange(view?.board.ownerId ?? null);
  const [announcement, setAnnouncement] = useState("");
  const [dragged, setDragged] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const draggedRef = useRef<string | null>(null);
  const endDrag = () => {
    draggedRef.current = null;
    setDragged(null);
    setOver(null);
  };

  // A shot is generated with what it shows, so Generate refuses while a shot's images are
  // uploading (counted by shot id) or the board's clip is not settled, as the composer does.
  const uploading = useRef(new Map<string, number>());
  const onUploads = useCallback((shotId: string, count: number) => void uploading.current.set(shotId, count), []);
  const clipHold = useRef<string | undefined>(undefined);
  const onClipHold = useCallback((reason: string | undefined) => {
    clipHold.current = reason;
  }, []);
  const generate = useMutation({
    mutationFn: async (which: GenerateWhich) => {
      const held =
        clipHold.current ??
        ([...uploading.current.values()].some((count) => count > 0) ? tComposer("images.busy") : undefined);
      if (held !== undefined) throw new Error(held);
      await editor.flush();
      return boardsApi.generate(id, which);
    },
    onSettled: () => void client.invalidateQueries({ queryKey: boardKeys.detail(id) }),
  });
  const remove = useMutation({
    mutationFn: () => boardsApi.remove(id),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: boardKeys.list() });
      router.push("/storyboard");
    },
  });
  const clearWait = useMutation({
    mutationFn: (shotId: string) => boardsApi.clearWait(id, shotId),
    onSettled: () => void client.invalidateQueries({ queryKey: boardKeys.detail(id) }),
  });

  if (editor.query.isPending || (!doc && !editor.query.isError)) {
    return (
      <p role="status" className="text-sm text-zinc-500 dark:text-zinc-400">
        {t("loading")}
      </p>
    );
  }
  if (editor.query.isError || !doc || !view) {
    return (
      <div className="space-y-4">
        <AppLink href="/storyboard" className="text-sm text-violet-700 hover:underline dark:text-violet-300">
          ← {t("back")}
        </AppLink>
        <LoadError
          title={t("loadError")}
          error={editor.query.error ?? new Error("?")}
          onRetry={() => void editor.query.refetch()}
        />
      </div>
    );
  }

  const errorAt = (path: string) => editor.issues.find((i) => i.path === path)?.message;
  const shotErrorAt = (index: number) => (field: string) =>
    errorAt(field ? `shots.${index}.${field}` : `shots.${index}`);
  const move = (shotId: string, to: number) => {
    const target = Math.max(0, Math.min(doc.shots.length - 1, to));
    edit((d) => moveShot(d, shotId, target));
    setAnnouncement(t("moved", { position: target + 1, count: doc.shots.length }));
  };
  // The dragged shot is kept in a ref too: drop events can come before React renders the drag's start.
  const dragProps = (shotId: string, index: number) => ({
    dragging: dragged === shotId,
    over: over === shotId && dragged !== shotId,
    onDragStart: (e: DragEvent) => {
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData(SHOT_DRAG_TYPE, shotId);
      draggedRef.current = shotId;
      setDragged(shotId);
    },
    onDragOver: (e: DragEvent) => {
      if (!draggedRef.current && !e.dataTransfer.types.includes(SHOT_DRAG_TYPE)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "move";
      setOver(shotId);
    },
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      const from = draggedRef.current ?? e.dataTransfer.getData(SHOT_DRAG_TYPE);
      if (from && from !== shotId) move(from, index);
      endDrag();
    },
    onDragEnd: endDrag,
  });

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-3">
        <AppLink href="/storyboard" className="text-sm text-violet-700 hover:underline dark:text-violet-300">
          ← {t("back")}
        </AppLink>
      </div>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1 space-y-1">
          <label htmlFor="board-title" className="sr-only">
            {t("titleLabel")}
          </label>
          <input
            id="board-title"
            value={doc.title}
            maxLength={BOARD_TITLE_MAX}
            disabled={!mayChange}
            onChange={(e) => edit((d) => ({ ...d, title: e.target.value }))}
            aria-invalid={errorAt("title") ? true : undefined}
            className={cx(
              inputClass,
              "max-w-xl border-transparent bg-transparent px-2 text-xl font-semibold shadow-none hover:border-zinc-300 dark:border-transparent dark:bg-transparent dark:hover:border-zinc-700",
            )}
          />
          <FieldError id="board-title-error" message={errorAt("title")} />
          <SaveStatus
            state={editor.saveState}
            error={editor.saveError}
            onReload={() => void editor.reload()}
            onRetry={() => void editor.flush().catch(() => undefined)}
          />
        </div>
        {mayChange && (
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" disabled={generate.isPending} onClick={() => generate.mutate("missing")}>
              {generate.isPending ? t("generating") : t("generateMissing")}
            </Button>
            <Button disabled={generate.isPending} onClick={() => generate.mutate("all")}>
              {t("generateAll")}
            </Button>
          </div>
        )}
      </div>
      {!mayChange && (
        <p className="rounded-lg bg-zinc-100 px-3 py-2 text-sm text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
          {t("readOnly")}
        </p>
      )}
      {editor.live !== "live" && (
        <p role="status" className="text-xs text-zinc-500 dark:text-zinc-400">
          {t(`live.${editor.live}`)}
        </p>
      )}
      <GenerateOutcome result={generate.data} error={generate.error} errorText={errorText} />

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-4">
          <FilmPreview
            doc={doc}
            takes={view.takes}
            footer={<ExportPanel boardId={id} title={doc.title} beforeExport={editor.flush} />}
          />
          <section aria-labelledby="shots-heading" className="min-w-0 space-y-3">
            <h2 id="shots-heading" className="sr-only">
              {t("shotsHeading")}
            </h2>
            <ol className="space-y-3">
              {doc.shots.map((shot, index) => (
                <ShotCard
                  key={shot.id}
                  board={doc}
                  shot={shot}
                  index={index}
                  takes={view.takes[shot.id] ?? []}
                  wait={view.waits.find((w) => w.shotId === shot.id)}
                  mayChange={mayChange}
                  generating={generate.isPending}
                  errorAt={shotErrorAt(index)}
                  onChange={(change) => edit((d) => updateShot(d, shot.id, change))}
                  currentImages={() => editor.current()?.shots.find((s) => s.id === shot.id)?.imageUrls ?? []}
                  onUploads={(count) => onUploads(shot.id, count)}
                  onMove={(to) => move(shot.id, to)}
                  onDuplicate={() => edit((d) => duplicateShot(d, shot.id, newId()))}
                  onDelete={() => edit((d) => removeShot(d, shot.id))}
                  onGenerate={() => generate.mutate([shot.id])}
                  onClearWait={() => clearWait.mutate(shot.id)}
                  drag={dragProps(shot.id, index)}
                />
              ))}
            </ol>
            {mayChange && (
              <Button
                variant="secondary"
                className="w-full border-dashed"
                onClick={() => edit((d) => addShot(d, newId()))}
              >
                + {t("addShot")}
              </Button>
            )}
            <p aria-live="polite" className="sr-only">
              {announcement}
            </p>
          </section>
        </div>
        <aside className="space-y-6">
          <section
            aria-labelledby="settings-heading"
            className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
          >
            <h2 id="settings-heading" className="mb-3 font-semibold">
              {t("settingsHeading")}
            </h2>
            <BoardSettings
              doc={doc}
              edit={edit}
              disabled={!mayChange}
              errorAt={errorAt}
              clipUploads={clipUploads}
              onClipHold={onClipHold}
            />
          </section>
          <a
            href={boardsApi.fileUrl(id)}
            download
            className="block px-3.5 text-sm font-medium text-violet-700 hover:underline dark:text-violet-300"
          >
            {t("shareJson")}
          </a>
          {mayChange && (
            <Button
              variant="ghost"
              className="text-red-700 dark:text-red-400"
              disabled={remove.isPending}
              onClick={() => {
                if (window.confirm(t("deleteConfirm", { title: doc.title }))) remove.mutate();
              }}
            >
              {t("deleteBoard")}
            </Button>
          )}
        </aside>
      </div>
    </div>
  );
}

function SaveStatus({
  state,
  error,
  onReload,
  onRetry,
}: {
  state: SaveState;
  error: Error | null;
  onReload: () => void;
  onRetry: () => void;
}) {
  const t = useTranslations("storyboard.editor.save");
  const errorText = useErrorText();
  if (state === "conflict") {
    return (
      <div role="alert" className="flex flex-wrap items-center gap-2 text-sm text-amber-800 dark:text-amber-200">
        {t("conflict")}
        <Button variant="secondary" className="px-2 py-1 text-xs" onClick={onReload}>
          {t("reload")}
        </Button>
      </div>
    );
  }
  if (state === "error") {
    return (
      <div role="alert" className="flex flex-wrap items-center gap-2 text-sm text-red-700 dark:text-red-400">
        {t("error", { error: error ? errorText(error) : "" })}
        <Button variant="secondary" className="px-2 py-1 text-xs" onClick={onRetry}>
          {t("retry")}
        </Button>
      </div>
    );
  }
  return (
    <p
      role="status"
      className={cx(
        "px-2 text-xs",
        state === "invalid" ? "font-medium text-red-700 dark:text-red-400" : "text-zinc-500 dark:text-zinc-400",
      )}
    >
      {t(state)}
    </p>
  );
}

function GenerateOutcome({
  result,
  error,
  errorText,
}: {
  result: GenerateResult | undefined;
  error: Error | null;
  errorText: (e: Error) => string;
}) {
  const t = useTranslations("storyboard.editor");
  if (error) {
    const skipped = error instanceof ApiError ? error.issues.map((i) => i.message) : [];
    return (
      <div
        role="alert"
        className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200"
      >
        {skipped.length > 1 ? skipped.map((m) => <p key={m}>{m}</p>) : errorText(error)}
      </div>
    );
  }
  if (!result) return null;
  return (
    <div
      role="status"
      className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-200"
    >
      <p>{t("generated", { started: result.started.length, waiting: result.waiting.length })}</p>
      {result.skipped.length > 0 && <p>{t("skipped", { reasons: result.skipped.map((s) => s.message).join("; ") })}</p>}
    </div>
  );
}
