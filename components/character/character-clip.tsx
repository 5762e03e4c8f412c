"use client";
import { useEffect, useId, useRef, useState, type InputHTMLAttributes, type Ref } from "react";
import { useLocale, useTranslations } from "use-intl";
import { useErrorText } from "@/components/i18n/use-error-text";
import { api } from "@/lib/query/api";
import { isHttpsUrl } from "@/lib/schemas/generation";
import { CHARACTER_SPAN_MAX_S, CHARACTER_SPAN_MIN_S, UPLOAD_VIDEO_MAX_BYTES, isUploadRef } from "@/lib/schemas/rules";
import { formatBytes } from "@/lib/shared/bytes";
import { Button } from "@/components/ui/button";
import { FieldError, inputClass } from "@/components/ui/field";
import { HiddenFileInput } from "@/components/ui/hidden-file-input";
import { RangeSlider } from "@/components/ui/range-slider";
import { CLIP_STEP_S, defaultSpan, floorToStep, roundToStep, secondsIn, type ClipInfo } from "./clip-rules";
import { isMp4Family, probeVideo } from "./probe-video";

// The character clip builder: a clip by URL or upload, played in a preview with a two-handle
// range over its timeline, start/end fields kept in sync with the handles, and a loop of just
// the chosen span. The span rules show live, next to the fields, with their reason. The fields'
// props come from the owner: the composer's react-hook-form registrations, or a storyboard's
// controlled values.

/** What an owner spreads on a field: react-hook-form's `register(...)` fits, as do value + onChange. */
export type ClipFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "type"> & {
  ref?: Ref<HTMLInputElement>;
};
export type ClipField = "character_url" | "character_start" | "character_end";

export type CharacterClipProps = {
  url: string;
  start: string;
  end: string;
  errors: { url?: string; start?: string; end?: string };
  register: { url: ClipFieldProps; start: ClipFieldProps; end: ClipFieldProps };
  setField: (name: ClipField, value: string) => void;
  /** Whether this studio can host an uploaded clip where AceData can fetch it. */
  uploadsAllowed: boolean;
  onClip: (clip: ClipInfo) => void;
  /** Told when an upload starts and ends, so a submit in between can wait for it. */
  onUploading: (busy: boolean) => void;
  /** The builder's heading and a line under it, when its owner says what the clip is for. */
  title?: string;
  hint?: string;
};

const LOAD_AFTER_MS = 500;

export function CharacterClip({
  url,
  start,
  end,
  errors,
  register,
  setField,
  uploadsAllowed,
  onClip,
  onUploading,
  title,
  hint,
}: CharacterClipProps) {
  const t = useTranslations("composer.character");
  const errorText = useErrorText();
  const locale = useLocale();
  const id = useId();
  const video = useRef<HTMLVideoElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [source, setSource] = useState<string>();
  const [duration, setDuration] = useState<number>();
  const [loadError, setLoadError] = useState<string>();
  const [uploading, setUploading] = useState<string>();
  const [uploadName, setUploadName] = useState<string>();
  const [loop, setLoop] = useState(true);
  const [playing, setPlaying] = useState(false);
  const uploaded = isUploadRef(url.trim());

  // The preview follows the URL once it has stopped changing and looks like one.
  useEffect(() => {
    const trimmed = url.trim();
    const next = isUploadRef(trimmed) || isHttpsUrl(trimmed) ? trimmed : undefined;
    const timer = setTimeout(() => setSource(next), uploaded ? 0 : LOAD_AFTER_MS);
    return () => clearTimeout(timer);
  }, [url, uploaded]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new source starts over (the effect reads nothing of it)
  useEffect(() => {
    setDuration(undefined);
    setLoadError(undefined);
    setPlaying(false);
  }, [source]);

  // The composer's validation needs the clip's length and whether it loaded.
  useEffect(
    () => onClip(source ? { durationS: duration, error: loadError } : {}),
    [source, duration, loadError, onClip],
  );

  const startS = Number(start);
  const endS = Number(end);
  const spanKnown = secondsIn(start) !== undefined && secondsIn(end) !== undefined;

  // Loop just the chosen span (or stop at its end), checked every frame while playing.
  useEffect(() => {
    const el = video.current;
    if (!el || !playing || !spanKnown) return;
    let frame = 0;
    const tick = () => {
      if (el.currentTime >= endS || el.currentTime < startS - CLIP_STEP_S) {
        if (loop) el.currentTime = startS;
        else {
          el.pause();
          el.currentTime = endS;
        }
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, loop, startS, endS, spanKnown]);

  const onLoaded = () => {
    const el = video.current;
    if (!el || !Number.isFinite(el.duration)) return setLoadError(t("unplayable"));
    setDuration(el.duration);
    if (start.trim() === "" && end.trim() === "" && el.duration >= CHARACTER_SPAN_MIN_S) {
      const span = defaultSpan(el.duration);
      setField("character_start", span.start.toFixed(1));
      setField("character_end", span.end.toFixed(1));
    }
  };

  const seek = (seconds: number) => {
    if (video.current && duration !== undefined) video.current.currentTime = Math.min(seconds, duration);
  };
  const moveStart = (seconds: number) => {
    setField("character_start", roundToStep(seconds).toFixed(1));
    seek(seconds);
  };
  const moveEnd = (seconds: number) => {
    setField("character_end", roundToStep(seconds).toFixed(1));
    seek(seconds);
  };

  const togglePlay = async () => {
    const el = video.current;
    if (!el) return;
    if (!el.paused) return el.pause();
    if (spanKnown && (el.currentTime < startS || el.currentTime >= endS)) el.currentTime = startS;
    await el.play().catch(() => undefined);
  };

  const chooseFile = async (file: File) => {
    setLoadError(undefined);
    if (file.size > UPLOAD_VIDEO_MAX_BYTES)
      return setLoadError(
        t("tooLarge", {
          name: file.name,
          size: formatBytes(file.size, locale),
          max: formatBytes(UPLOAD_VIDEO_MAX_BYTES, locale),
        }),
      );
    if (!isMp4Family(new Uint8Array(await file.slice(0, 12).arrayBuffer())))
      return setLoadError(t("notVideo", { name: file.name }));
    const probed = await probeVideo(file);
    if (probed === undefined) return setLoadError(t("notVideo", { name: file.name }));
    if (probed < CHARACTER_SPAN_MIN_S)
      return setLoadError(t("tooShort", { seconds: probed.toFixed(1), min: CHARACTER_SPAN_MIN_S }));
    setUploading(file.name);
    onUploading(true);
    try {
      const { upload } = await api.upload(file, "character");
      setUploadName(`${file.name} · ${formatBytes(file.size, locale)}`);
      // A new clip gets a new span.
      setField("character_start", "");
      setField("character_end", "");
      setField("character_url", upload.url);
    } catch (error) {
      setLoadError(
        t("uploadFailed", { name: file.name, reason: error instanceof Error ? errorText(error) : String(error) }),
      );
    } finally {
      setUploading(undefined);
      onUploading(false);
    }
  };

  const clear = () => {
    setField("character_url", "");
    setField("character_start", "");
    setField("character_end", "");
    setUploadName(undefined);
  };

  const urlError = loadError ?? errors.url;
  const max = duration !== undefined ? floorToStep(duration) : CHARACTER_SPAN_MAX_S;
  const spanError = errors.end ?? errors.start;
  return (
    <div className="space-y-3" role="group" aria-labelledby={`${id}-title`}>
      <div>
        <p id={`${id}-title`} className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
          {title ?? t("title")}
        </p>
        {hint && <p className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</p>}
        <p className="text-xs text-amber-800 dark:text-amber-300">{t("noRealPeople")}</p>
      </div>

      <div className="space-y-1.5">
        <label htmlFor="character_url" className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
          {t("urlLabel")}
        </label>
        {uploaded ? (
          <div className="flex items-center justify-between gap-2 rounded-lg border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700">
            <span className="truncate" data-testid="character-upload">
              {t("uploaded", { name: uploadName ?? url.split("/").pop() ?? "" })}
            </span>
            <input id="character_url" type="hidden" {...register.url} />
            <Button variant="ghost" className="px-2 py-1 text-xs" onClick={clear}>
              {t("remove")}
            </Button>
          </div>
        ) : (
          <input
            id="character_url"
            type="url"
            inputMode="url"
            placeholder={t("urlPlaceholder")}
            className={inputClass}
            aria-invalid={urlError ? true : undefined}
            aria-describedby={urlError ? "character_url-error" : `${id}-upload-hint`}
            {...register.url}
          />
        )}
        <FieldError id="character_url-error" message={urlError} />
        <div className="flex flex-wrap items-center gap-2">
          <HiddenFileInput
            ref={fileInput}
            accept="video/mp4,video/quicktime,.mp4,.mov"
            aria-label={t("chooseFile")}
            disabled={!uploadsAllowed}
            onFiles={([file]) => {
              if (file) void chooseFile(file);
            }}
          />
          <Button
            variant="secondary"
            className="px-2.5 py-1 text-xs"
            disabled={!uploadsAllowed || uploading !== undefined}
            onClick={() => fileInput.current?.click()}
            aria-describedby={`${id}-upload-hint`}
          >
            {uploading ? t("uploading") : t("upload")}
          </Button>
          <span id={`${id}-upload-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
            {uploadsAllowed ? t("uploadHint", { max: formatBytes(UPLOAD_VIDEO_MAX_BYTES, locale) }) : t("uploadsOff")}
          </span>
        </div>
      </div>

      {source && !loadError && (
        <div className="space-y-2 rounded-lg border border-zinc-200 p-2 dark:border-zinc-800">
          <video
            ref={video}
            key={source}
            src={source}
            preload="metadata"
            muted
            playsInline
            aria-label={t("previewLabel")}
            data-testid="character-preview"
            className="max-h-48 w-full rounded bg-black"
            onLoadedMetadata={onLoaded}
            onError={() => setLoadError(uploaded ? t("unplayable") : t("unreachable"))}
            onPlay={() => setPlaying(true)}
            onPause={() => setPlaying(false)}
          />
          {duration !== undefined && (
            <>
              <RangeSlider
                min={0}
                max={max}
                step={CLIP_STEP_S}
                start={Number.isFinite(startS) ? startS : 0}
                end={Number.isFinite(endS) ? endS : max}
                startLabel={t("startHandle")}
                endLabel={t("endHandle")}
                valueText={(v) => t("seconds", { value: v.toFixed(1) })}
                onStart={moveStart}
                onEnd={moveEnd}
                invalid={Boolean(spanError)}
                describedBy={`${id}-span`}
              />
              <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-zinc-600 dark:text-zinc-300">
                <span id={`${id}-span`} data-testid="character-span">
                  {spanKnown
                    ? t("span", {
                        start: startS.toFixed(1),
                        end: endS.toFixed(1),
                        span: Math.max(0, endS - startS).toFixed(1),
                        length: duration.toFixed(1),
                      })
                    : t("length", { length: duration.toFixed(1) })}
                </span>
                <span className="flex items-center gap-3">
                  <label className="flex items-center gap-1.5">
                    <input
                      type="checkbox"
                      checked={loop}
                      onChange={(e) => setLoop(e.target.checked)}
                      className="h-4 w-4 accent-violet-600"
                    />
                    {t("loop")}
                  </label>
                  <Button variant="secondary" className="px-2 py-0.5 text-xs" onClick={() => void togglePlay()}>
                    {playing ? t("pause") : t("play")}
                  </Button>
                </span>
              </div>
            </>
          )}
        </div>
      )}

      <div className="grid grid-cols-2 gap-3">
        <SecondsField id="character_start" label={t("start")} error={errors.start} registration={register.start} />
        <SecondsField id="character_end" label={t("end")} error={errors.end} registration={register.end} />
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        {t("spanRule", { min: CHARACTER_SPAN_MIN_S, max: CHARACTER_SPAN_MAX_S })}
      </p>
    </div>
  );
}

function SecondsField({
  id,
  label,
  error,
  registration,
}: {
  id: string;
  label: string;
  error?: string;
  registration: ClipFieldProps;
}) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {label}
      </label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        step={CLIP_STEP_S}
        min="0"
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...registration}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
