"use client";
import { useTranslations } from "use-intl";
import { Field, inputClass } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { BOARD_STYLE_MAX, CROSSFADE_MAX_S, type BoardDoc } from "@/lib/schemas/board";
import {
  CHARACTER_SPAN_MAX_S,
  DURATIONS,
  MODELS,
  ORIENTATIONS,
  SIZES,
  durationsFor,
  type Duration,
  type Model,
  type Orientation,
  type Size,
} from "@/lib/schemas/rules";
import { BoardCharacter } from "./board-character";
import { SettingSelect } from "./setting-select";

const CROSSFADES = [0, 0.25, 0.5, 1, 1.5, CROSSFADE_MAX_S];

/** The board-wide settings: defaults every shot inherits, the shared style and character, the film's crossfade. */
export function BoardSettings({
  doc,
  edit,
  disabled,
  errorAt,
  clipUploads,
  onClipHold,
}: {
  doc: BoardDoc;
  edit: (change: (doc: BoardDoc) => BoardDoc) => void;
  disabled: boolean;
  errorAt: (path: string) => string | undefined;
  /** Whether this studio can host an uploaded clip where AceData can fetch it. */
  clipUploads: boolean;
  onClipHold: (reason: string | undefined) => void;
}) {
  const t = useTranslations("storyboard.settings");
  const tTask = useTranslations("task");
  const setDefault = (change: Partial<BoardDoc["defaults"]>) =>
    edit((d) => ({ ...d, defaults: { ...d.defaults, ...change } }));
  const durations = durationsFor(doc.defaults.model as Model);
  return (
    <div className="space-y-5">
      <fieldset className="space-y-2" disabled={disabled}>
        <legend className="sr-only">{t("defaultsHint")}</legend>
        <div className="grid grid-cols-2 gap-3">
          <SettingSelect
            id="board-model"
            label={t("model")}
            value={doc.defaults.model}
            options={MODELS.map((m) => ({ value: m, label: m }))}
            // 25 s needs sora-2-pro: switching back shortens the default rather than leave it invalid.
            onChange={(model) =>
              setDefault({
                model: model as Model,
                ...(durationsFor(model as Model).includes(doc.defaults.duration as Duration) ? {} : { duration: 15 }),
              })
            }
          />
          <SettingSelect
            id="board-duration"
            label={t("duration")}
            value={String(doc.defaults.duration)}
            options={DURATIONS.filter((d) => durations.includes(d)).map((d) => ({
              value: String(d),
              label: t("durationValue", { seconds: d }),
            }))}
            onChange={(v) => setDefault({ duration: Number(v) as Duration })}
          />
          <SettingSelect
            id="board-size"
            label={t("size")}
            value={doc.defaults.size}
            options={SIZES.map((s) => ({ value: s, label: tTask(`size.${s}`) }))}
            onChange={(v) => setDefault({ size: v as Size })}
          />
          <SettingSelect
            id="board-orientation"
            label={t("orientation")}
            value={doc.defaults.orientation}
            options={ORIENTATIONS.map((o) => ({ value: o, label: tTask(`orientation.${o}`) }))}
            onChange={(v) => setDefault({ orientation: v as Orientation })}
          />
        </div>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("defaultsHint")}</p>
      </fieldset>

      <Field id="board-style" label={t("style")} hint={t("styleHint")} error={errorAt("style")}>
        <textarea
          id="board-style"
          rows={3}
          disabled={disabled}
          maxLength={BOARD_STYLE_MAX}
          className={inputClass}
          placeholder={t("stylePlaceholder")}
          value={doc.style}
          aria-describedby="board-style-hint"
          onChange={(e) => edit((d) => ({ ...d, style: e.target.value }))}
        />
      </Field>

      {/* min-w-0: a fieldset is as wide as its widest content by default, and the clip's player would push it past the card. */}
      <fieldset className="min-w-0 space-y-2" disabled={disabled}>
        {/* With a clip, the clip builder's own heading says the same. */}
        <legend className={doc.character ? "sr-only" : "text-sm font-medium text-zinc-800 dark:text-zinc-200"}>
          {t("character")}
        </legend>
        {!doc.character && <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("characterHint")}</p>}
        {doc.character ? (
          <div className="space-y-2">
            <BoardCharacter
              character={doc.character}
              edit={edit}
              errorAt={errorAt}
              uploadsAllowed={clipUploads}
              onHold={onClipHold}
            />
            <Button
              variant="ghost"
              className="px-2 py-1 text-xs"
              onClick={() =>
                edit((d) => ({ ...d, character: null, shots: d.shots.map((s) => ({ ...s, useCharacter: false })) }))
              }
            >
              {t("characterRemove")}
            </Button>
          </div>
        ) : (
          <Button
            variant="secondary"
            className="text-xs"
            onClick={() => edit((d) => ({ ...d, character: { url: "", start: 0, end: CHARACTER_SPAN_MAX_S } }))}
          >
            {t("characterAdd")}
          </Button>
        )}
      </fieldset>

      <SettingSelect
        id="board-crossfade"
        label={t("crossfade")}
        value={String(doc.crossfade)}
        disabled={disabled}
        options={CROSSFADES.map((s) => ({ value: String(s), label: t("crossfadeValue", { seconds: s }) }))}
        onChange={(v) => edit((d) => ({ ...d, crossfade: Number(v) }))}
      />
    </div>
  );
}
