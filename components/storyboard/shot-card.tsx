"use client";
import type { DragEvent, KeyboardEvent } from "react";
import { useTranslations } from "use-intl";
import { statusView } from "@/components/task/task-status";
import { VideoPlayer } from "@/components/task/video-player";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { CompactField, FieldError, inputClass } from "@/components/ui/field";
import { chosenTake, isFinishedTake, shotSettings, type BoardDoc, type Shot, type ShotWait } from "@/lib/schemas/board";
import { DURATIONS, MODELS, ORIENTATIONS, PROMPT_MAX_CHARS, SIZES, durationsFor } from "@/lib/schemas/rules";
import type { Task } from "@/lib/schemas/task";
import { SettingSelect } from "./setting-select";
import { ShotImages } from "./shot-images";
import { lengthOf } from "@/lib/schemas/catalog";

export type ShotCardProps = {
  board: BoardDoc;
  shot: Shot;
  index: number;
  takes: Task[];
  wait: ShotWait | undefined;
  mayChange: boolean;
  generating: boolean;
  errorAt: (path: string) => string | undefined;
  onChange: (change: Partial<Omit<Shot, "id">>) => void;
  /** The shot's reference images this instant (see ShotImages). */
  currentImages: () => string[];
  /** How many of the shot's images are still uploading. */
  onUploads: (count: number) => void;
  onMove: (to: number) => void;
  onDuplicate: () => void;
  onDelete: () => void;
  onGenerate: () => void;
  onClearWait: () => void;
  drag: {
    onDragStart: (e: DragEvent) => void;
    onDragOver: (e: DragEvent) => void;
    onDrop: (e: DragEvent) => void;
    onDragEnd: () => void;
    dragging: boolean;
    over: boolean;
  };
};

const TONE = {
  neutral: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  busy: "bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-200",
  good: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200",
  bad: "bg-red-100 text-red-900 dark:bg-red-900/40 dark:text-red-200",
  warn: "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200",
};

/** One shot: its prompt and settings, its takes (pick the one in the film, trim it), and its actions. */
export function ShotCard(props: ShotCardProps) {
  const { board, shot, index, takes, wait, mayChange, errorAt, onChange } = props;
  const t = useTranslations("storyboard.shot");
  const tTask = useTranslations("task");
  const tSettings = useTranslations("storyboard.settings");
  const number = index + 1;
  const id = `shot-${shot.id}`;
  const chosen = chosenTake(shot, takes);
  const effective = shotSettings(board, shot);
  const count = board.shots.length;
  const hasOverrides = [shot.model, shot.duration, shot.size, shot.orientation].some((v) => v !== undefined);
  const overrideOptions = (values: readonly (string | number)[], label: (v: string) => string, boardValue: string) => [
    { value: "", label: t("boardDefault", { value: label(boardValue) }) },
    ...values.map((v) => ({ value: String(v), label: label(String(v)) })),
  ];

  // Alt+↑ / Alt+↓ on the handle move the shot, as dragging it does.
  const onHandleKey = (event: KeyboardEvent) => {
    if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    event.preventDefault();
    props.onMove(index + (event.key === "ArrowUp" ? -1 : 1));
  };

  return (
    <li
      data-testid="shot"
      aria-labelledby={`${id}-title`}
      onDragOver={props.drag.onDragOver}
      onDrop={props.drag.onDrop}
      className={cx(
        "rounded-xl border bg-white p-4 shadow-sm transition dark:bg-zinc-900",
        props.drag.over ? "border-violet-500 ring-2 ring-violet-500/40" : "border-zinc-200 dark:border-zinc-800",
        props.drag.dragging && "opacity-50",
      )}
    >
      <div className="flex flex-wrap items-center gap-2">
        {mayChange && (
          // A span, not a <button>: Firefox never starts a drag on a button.
          <span
            role="button"
            tabIndex={0}
            draggable
            onDragStart={props.drag.onDragStart}
            onDragEnd={props.drag.onDragEnd}
            onKeyDown={onHandleKey}
            aria-label={t("dragHandle", { number })}
            title={t("dragHandle", { number })}
            className="cursor-grab rounded-md px-1.5 py-1 text-zinc-500 hover:bg-zinc-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-violet-500 active:cursor-grabbing dark:text-zinc-400 dark:hover:bg-zinc-800"
          >
            <span aria-hidden="true">⠿</span>
          </span>
        )}
        <h3 id={`${id}-title`} className="font-semibold">
          {t("label", { number })}
        </h3>
        {chosen && (
          <span className="rounded-full bg-violet-100 px-2 py-0.5 text-xs font-medium text-violet-900 dark:bg-violet-900/40 dark:text-violet-100">
            {effective.duration} s · {effective.model}
          </span>
        )}
        {mayChange && (
          <div className="ml-auto flex flex-wrap gap-1">
            <Button
              variant="ghost"
              className="px-2 py-1 text-xs"
              disabled={index === 0}
              onClick={() => props.onMove(index - 1)}
              aria-label={`${t("moveUp")} (${t("label", { number })})`}
            >
              ↑ {t("moveUp")}
            </Button>
            <Button
              variant="ghost"
              className="px-2 py-1 text-xs"
              disabled={index === count - 1}
              onClick={() => props.onMove(index + 1)}
              aria-label={`${t("moveDown")} (${t("label", { number })})`}
            >
              ↓ {t("moveDown")}
            </Button>
            <Button
              variant="ghost"
              className="px-2 py-1 text-xs"
              onClick={props.onDuplicate}
              aria-label={`${t("duplicate")} (${t("label", { number })})`}
            >
              {t("duplicate")}
            </Button>
            <Button
              variant="ghost"
              className="px-2 py-1 text-xs text-red-700 dark:text-red-400"
              disabled={count === 1}
              onClick={props.onDelete}
              aria-label={`${t("delete")} (${t("label", { number })})`}
            >
              {t("delete")}
            </Button>
          </div>
        )}
      </div>

      <div className="mt-3 grid gap-4 md:grid-cols-[minmax(0,1fr)_minmax(0,18rem)]">
        <fieldset className="min-w-0 space-y-3" disabled={!mayChange}>
          <legend className="sr-only">{t("label", { number })}</legend>
          <div className="space-y-1">
            <label htmlFor={`${id}-prompt`} className="sr-only">
              {t("prompt", { number })}
            </label>
            <textarea
              id={`${id}-prompt`}
              rows={3}
              maxLength={PROMPT_MAX_CHARS}
              className={inputClass}
              placeholder={t("promptPlaceholder")}
              value={shot.prompt}
              aria-invalid={errorAt("prompt") ? true : undefined}
              onChange={(e) => onChange({ prompt: e.target.value })}
            />
            <FieldError id={`${id}-prompt-error`} message={errorAt("prompt")} />
          </div>
          <details
            className="group rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-800"
            open={hasOverrides || Boolean(errorAt("duration"))}
          >
            <summary className="cursor-pointer text-xs text-zinc-600 dark:text-zinc-400">
              {t("settings", {
                summary: [
                  effective.model,
                  tSettings("durationValue", { seconds: effective.duration }),
                  tTask(`size.${effective.size}`),
                  tTask(`orientation.${effective.orientation}`),
                ].join(" · "),
              })}
              {hasOverrides && (
                <span className="ml-1.5 rounded bg-amber-100 px-1 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">
                  {t("ownSettings")}
                </span>
              )}
            </summary>
            <div className="mt-2 grid grid-cols-2 gap-2">
              <SettingSelect
                id={`${id}-model`}
                label={tSettings("model")}
                value={shot.model ?? ""}
                options={overrideOptions(MODELS, (v) => v, board.defaults.model)}
                onChange={(v) => onChange({ model: (v || undefined) as Shot["model"] })}
              />
              <SettingSelect
                id={`${id}-duration`}
                label={tSettings("duration")}
                value={shot.duration === undefined ? "" : String(shot.duration)}
                options={overrideOptions(
                  DURATIONS.filter((d) => durationsFor(effective.model).includes(d) || d === shot.duration),
                  (v) => tSettings("durationValue", { seconds: Number(v) }),
                  String(board.defaults.duration),
                )}
                onChange={(v) => onChange({ duration: v ? Number(v) : undefined })}
                error={errorAt("duration")}
              />
              <SettingSelect
                id={`${id}-size`}
                label={tSettings("size")}
                value={shot.size ?? ""}
                options={overrideOptions(SIZES, (v) => tTask(`size.${v as "small"}`), board.defaults.size)}
                onChange={(v) => onChange({ size: (v || undefined) as Shot["size"] })}
              />
              <SettingSelect
                id={`${id}-orientation`}
                label={tSettings("orientation")}
                value={shot.orientation ?? ""}
                options={overrideOptions(
                  ORIENTATIONS,
                  (v) => tTask(`orientation.${v as "landscape"}`),
                  board.defaults.orientation,
                )}
                onChange={(v) => onChange({ orientation: (v || undefined) as Shot["orientation"] })}
              />
            </div>
          </details>
          <ShotImages
            board={board}
            shot={shot}
            number={number}
            currentImages={props.currentImages}
            onChange={(imageUrls) => onChange({ imageUrls })}
            errorAt={errorAt}
            onUploads={props.onUploads}
          />
          <div className="flex flex-wrap gap-x-5 gap-y-2 text-sm">
            {index > 0 && (
              <label className="flex items-start gap-2">
                <input
                  type="checkbox"
                  className="mt-0.5 accent-violet-600"
                  checked={shot.continueFromPrevious}
                  onChange={(e) => onChange({ continueFromPrevious: e.target.checked })}
                  aria-describedby={`${id}-continue-hint`}
                />
                <span>
                  {t("continue")}
                  <span id={`${id}-continue-hint`} className="block text-xs text-zinc-500 dark:text-zinc-400">
                    {t("continueHint")}
                  </span>
                </span>
              </label>
            )}
            {board.character && (
              <label className="flex items-center gap-2">
                <input
                  type="checkbox"
                  className="accent-violet-600"
                  checked={shot.useCharacter}
                  onChange={(e) => onChange({ useCharacter: e.target.checked })}
                />
                {t("useCharacter")}
              </label>
            )}
          </div>
        </fieldset>

        <Takes {...props} chosen={chosen} />
      </div>

      {wait && (
        <div
          role="status"
          className={cx(
            "mt-3 flex flex-wrap items-center gap-2 rounded-lg px-3 py-2 text-sm",
            wait.error ? TONE.bad : TONE.busy,
          )}
        >
          <span>{wait.error ? t("waitFailed", { reason: wait.error }) : t("waiting", { number: index })}</span>
          {mayChange && (
            <Button variant="ghost" className="ml-auto px-2 py-0.5 text-xs" onClick={props.onClearWait}>
              {wait.error ? t("dismiss") : t("cancelWait")}
            </Button>
          )}
        </div>
      )}
      {errorAt("") && <FieldError id={`${id}-error`} message={errorAt("")} />}
    </li>
  );
}

/** The shot's takes, newest first: the one in the film plays here, and any finished one can be chosen instead. */
function Takes({
  shot,
  takes,
  chosen,
  mayChange,
  generating,
  index,
  wait,
  onChange,
  onGenerate,
  errorAt,
}: ShotCardProps & { chosen: Task | undefined }) {
  const waiting = wait !== undefined && wait.error === null;
  const t = useTranslations("storyboard.shot");
  const tStatus = useTranslations("task.status");
  const number = index + 1;
  const busy = takes.some((take) => take.state !== "succeeded" && take.state !== "failed");
  const video = chosen?.videos[0];
  return (
    <div className="min-w-0 space-y-2">
      {video ? (
        <VideoPlayer
          key={video.id}
          video={video}
          aria-label={t("player", { number })}
          className="aspect-video w-full rounded-lg bg-black object-contain"
        />
      ) : (
        <div className="flex aspect-video w-full items-center justify-center rounded-lg border border-dashed border-zinc-300 text-xs text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
          {busy ? tStatus("processing.label") : t("noTakes")}
        </div>
      )}
      {takes.length > 0 && (
        <fieldset disabled={!mayChange}>
          <legend className="sr-only">{t("takes", { number })}</legend>
          <ul className="flex flex-wrap gap-1.5">
            {takes.map((take, i) => {
              const status = statusView(take);
              const takeNumber = takes.length - i;
              const finished = isFinishedTake(take);
              const isChosen = chosen?.id === take.id;
              return (
                <li key={take.id}>
                  <label
                    className={cx(
                      "flex items-center gap-1.5 rounded-md border px-2 py-1 text-xs",
                      isChosen ? "border-violet-500 ring-1 ring-violet-500" : "border-zinc-200 dark:border-zinc-700",
                      finished && mayChange ? "cursor-pointer" : "cursor-default",
                    )}
                    title={status.reason ?? tStatus(`${status.key}.detail`)}
                  >
                    <input
                      type="radio"
                      name={`chosen-${shot.id}`}
                      className="accent-violet-600"
                      disabled={!finished}
                      checked={isChosen}
                      aria-label={t("choose", { number: takeNumber })}
                      onChange={() => onChange({ chosenTaskId: take.id, trimStart: 0, trimEnd: null })}
                    />
                    <span>{t("take", { number: takeNumber })}</span>
                    <span className={cx("rounded px-1", TONE[status.tone])}>
                      <span aria-hidden="true">{status.symbol}</span> {tStatus(`${status.key}.label`)}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}
      {chosen && mayChange && (
        <div className="grid grid-cols-2 gap-2">
          <TrimInput
            id={`shot-${shot.id}-trim-start`}
            label={t("trimStart")}
            value={shot.trimStart}
            onChange={(v) => onChange({ trimStart: v ?? 0 })}
            max={lengthOf(chosen.request)}
          />
          <TrimInput
            id={`shot-${shot.id}-trim-end`}
            label={t("trimEnd")}
            value={shot.trimEnd}
            placeholder={String(lengthOf(chosen.request))}
            onChange={(v) => onChange({ trimEnd: v })}
            max={lengthOf(chosen.request)}
            error={errorAt("trimEnd")}
          />
        </div>
      )}
      {mayChange && (
        <Button variant="secondary" className="w-full" disabled={generating || busy || waiting} onClick={onGenerate}>
          {takes.length ? t("newTake") : t("generate")}
        </Button>
      )}
    </div>
  );
}

function TrimInput({
  id,
  label,
  value,
  onChange,
  max,
  placeholder,
  error,
}: {
  id: string;
  label: string;
  value: number | null;
  onChange: (v: number | null) => void;
  max: number;
  placeholder?: string;
  error?: string;
}) {
  return (
    <CompactField id={id} label={label}>
      <input
        id={id}
        type="number"
        min={0}
        max={max}
        step={0.1}
        className={cx(inputClass, "py-1")}
        value={value ?? ""}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value === "" ? null : Math.max(0, Number(e.target.value)))}
      />
      <FieldError id={`${id}-error`} message={error} />
    </CompactField>
  );
}
