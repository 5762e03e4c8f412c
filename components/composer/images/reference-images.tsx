"use client";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useId, useRef, useState, type DragEvent } from "react";
import { useLocale, useTranslations } from "use-intl";
import { useErrorText } from "@/components/i18n/use-error-text";
import { api, ApiError } from "@/lib/query/api";
import { isHttpsUrl } from "@/lib/schemas/generation";
import {
  IMAGE_URLS_MAX,
  REFERENCE_IMAGE_TARGET_EDGE,
  SOURCE_IMAGE_MAX_BYTES,
  SOURCE_IMAGE_MAX_EDGE,
  UPLOAD_IMAGE_MAX_BYTES,
} from "@/lib/schemas/rules";
import { formatBytes } from "@/lib/shared/bytes";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { FieldError, inputClass } from "@/components/ui/field";
import { HiddenFileInput } from "@/components/ui/hidden-file-input";
import type { Meta, Pending } from "./thumbnails";

// The image tools (type sniffing, decoding, shrinking, probing a URL) load with the first image
// added, not with the page.
const imageTools = () =>
  Promise.all([import("./sniff"), import("./prepare"), import("./probe")]).then(([sniff, prepare, probe]) => ({
    ...sniff,
    ...prepare,
    ...probe,
  }));

const Thumbnails = dynamic(() => import("./thumbnails").then((m) => m.Thumbnails), { ssr: false });

// Reference images: added by file picker, drag-and-drop, paste or URL; shrunk in the browser,
// uploaded to the studio (which checks them again), shown as thumbnails that can be reordered
// and removed. The form holds only the list of references (`/api/uploads/<id>` or https URLs).

type Problem = { key: number; text: string };

export type ReferenceImagesProps = {
  urls: string[];
  getUrls: () => string[];
  setUrls: (urls: string[]) => void;
  /** Field errors from the schema, by index, and for the list itself. */
  errors: { list?: string; items: (string | undefined)[] };
  /** The video's frame: new images may be cropped to it. */
  frame: { width: number; height: number };
  onPendingChange: (count: number) => void;
  /** How many images the list may hold (fewer when another image goes first, such as a continuity frame). */
  max?: number;
  /** The id the list's own errors are named by (one list per page keeps the composer's `image_urls`). */
  fieldId?: string;
  /** Whether pasting an image anywhere on the page adds it; otherwise only a paste inside the list does. */
  pasteAnywhere?: boolean;
  /** The list's name ("Reference images" unless told: a first frame, a last frame). */
  label?: string;
};

let nextKey = 0;

export function ReferenceImages({
  urls,
  getUrls,
  setUrls,
  errors,
  frame,
  onPendingChange,
  max = IMAGE_URLS_MAX,
  fieldId = "image_urls",
  pasteAnywhere = true,
  label,
}: ReferenceImagesProps) {
  const t = useTranslations("composer.images");
  const errorText = useErrorText();
  const locale = useLocale();
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [meta, setMeta] = useState<Record<string, Meta>>({});
  const [pending, setPending] = useState<Pending[]>([]);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [crop, setCrop] = useState(false);
  const [urlText, setUrlText] = useState("");
  const [urlError, setUrlError] = useState<string>();
  const [checkingUrl, setCheckingUrl] = useState(false);
  const [dragOver, setDragOver] = useState(false);
  const [dragging, setDragging] = useState<number | null>(null);
  const room = max - urls.length - pending.length;

  useEffect(() => onPendingChange(pending.length), [pending.length, onPendingChange]);
  // Object URLs of local previews are released when the component goes away.
  const metaRef = useRef(meta);
  metaRef.current = meta;
  useEffect(
    () => () => {
      for (const m of Object.values(metaRef.current)) if (m.preview) URL.revokeObjectURL(m.preview);
    },
    [],
  );

  const problem = useCallback((text: string) => setProblems((list) => [...list, { key: nextKey++, text }]), []);

  /** Checks, shrinks and uploads one file; returns the reference, or undefined with the problem shown. */
  const addOne = useCallback(
    async (file: File): Promise<void> => {
      const name = file.name || t("pasted");
      if (file.size > SOURCE_IMAGE_MAX_BYTES)
        return problem(
          t("tooLarge", {
            name,
            size: formatBytes(file.size, locale),
            max: formatBytes(SOURCE_IMAGE_MAX_BYTES, locale),
          }),
        );
      const { SNIFF_BYTES, sniffImage, prepareImage, UnreadableImage } = await imageTools();
      const sniffed = sniffImage(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()));
      if (!sniffed) return problem(t("notImage", { name }));
      if (Math.max(sniffed.width, sniffed.height) > SOURCE_IMAGE_MAX_EDGE) {
        return problem(
          t("tooManyPixels", { name, width: sniffed.width, height: sniffed.height, max: SOURCE_IMAGE_MAX_EDGE }),
        );
      }
      const key = nextKey++;
      setPending((list) => [...list, { key, name }]);
      try {
        const prepared = await prepareImage(file, sniffed, {
          maxEdge: REFERENCE_IMAGE_TARGET_EDGE,
          maxBytes: UPLOAD_IMAGE_MAX_BYTES,
          aspect: crop ? frame : undefined,
        });
        const { upload } = await api.upload(prepared.blob, "reference");
        setMeta((all) => ({
          ...all,
          [upload.url]: {
            name,
            before: file.size,
            after: prepared.blob.size,
            preview: URL.createObjectURL(prepared.blob),
          },
        }));
        const current = getUrls();
        if (!current.includes(upload.url)) setUrls([...current, upload.url]);
      } catch (error) {
        if (error instanceof UnreadableImage) problem(t("unreadable", { name }));
        else if (error instanceof ApiError) problem(t("uploadFailed", { name, reason: errorText(error) }));
        else problem(t("unreadable", { name }));
      } finally {
        setPending((list) => list.filter((p) => p.key !== key));
      }
    },
    [crop, frame, getUrls, setUrls, problem, t, locale, errorText],
  );

  const addFiles = useCallback(
    async (files: File[]) => {
      if (files.length === 0) return;
      setProblems([]);
      const free = max - getUrls().length;
      if (files.length > free) problem(t("tooMany", { max, count: Math.max(0, free) }));
      // One at a time: a phone photo decodes to ~50 MB of pixels, four at once would be 200.
      for (const file of files.slice(0, Math.max(0, free))) await addOne(file);
    },
    [addOne, getUrls, max, problem, t],
  );

  // Pasting an image anywhere on the page adds it (text pastes are left alone); a page with
  // several lists takes a paste only inside the list it is meant for.
  const group = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      if (!pasteAnywhere && !(event.target instanceof Node && group.current?.contains(event.target))) return;
      const files = Array.from(event.clipboardData?.files ?? []).filter((f) => f.type.startsWith("image/"));
      if (files.length === 0) return;
      event.preventDefault();
      void addFiles(files);
    };
    document.addEventListener("paste", onPaste);
    // Says "a paste now lands" (tests wait on it: a paste fired before hydration is lost).
    const list = group.current;
    list?.setAttribute("data-paste-ready", "");
    return () => {
      document.removeEventListener("paste", onPaste);
      list?.removeAttribute("data-paste-ready");
    };
  }, [addFiles, pasteAnywhere]);

  const addUrl = async () => {
    const url = urlText.trim();
    setUrlError(undefined);
    if (!isHttpsUrl(url)) return setUrlError(t("urlNotHttps"));
    if (getUrls().includes(url)) return setUrlError(t("urlDuplicate"));
    if (room <= 0) return setUrlError(t("full", { max }));
    setCheckingUrl(true);
    const ok = await (await imageTools()).loadsAsImage(url);
    setCheckingUrl(false);
    if (!ok) return setUrlError(t("urlUnreachable"));
    setUrls([...getUrls(), url]);
    setUrlText("");
  };

  const move = (from: number, to: number) => {
    const list = [...getUrls()];
    if (to < 0 || to >= list.length || from === to) return;
    const [item] = list.splice(from, 1);
    list.splice(to, 0, item as string);
    setUrls(list);
  };
  const remove = (index: number) => {
    const url = getUrls()[index];
    setUrls(getUrls().filter((_, i) => i !== index));
    const preview = url ? meta[url]?.preview : undefined;
    if (preview) URL.revokeObjectURL(preview);
    if (url) setMeta(({ [url]: _gone, ...rest }) => rest);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragOver(false);
    if (dragging !== null) return; // a thumbnail being reordered, not a file
    void addFiles(Array.from(event.dataTransfer.files));
  };

  const listError = errors.list;
  return (
    <div ref={group} className="space-y-2" role="group" aria-labelledby={`${id}-label`}>
      <div className="flex items-baseline justify-between gap-2">
        <p id={`${id}-label`} className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
          {label ?? t("label")}
        </p>
        {max > 1 && (
          <span className="text-xs text-zinc-500 dark:text-zinc-400">{t("count", { count: urls.length, max })}</span>
        )}
      </div>

      {urls.length + pending.length > 0 && (
        <Thumbnails
          urls={urls}
          meta={meta}
          pending={pending}
          errors={errors.items}
          dragging={dragging}
          setDragging={setDragging}
          move={move}
          remove={remove}
          fieldId={fieldId}
        />
      )}

      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop zone for the mouse; the keyboard has the file picker */}
      <div
        onDragOver={(e) => {
          if (dragging !== null) return;
          e.preventDefault();
          setDragOver(true);
        }}
        onDragLeave={() => setDragOver(false)}
        onDrop={onDrop}
        data-testid="image-drop-zone"
        className={cx(
          "flex flex-wrap items-center gap-2 rounded-lg border border-dashed px-3 py-2.5 text-xs text-zinc-600 dark:text-zinc-300",
          dragOver ? "border-violet-500 bg-violet-50 dark:bg-violet-950/40" : "border-zinc-300 dark:border-zinc-700",
        )}
      >
        <HiddenFileInput
          ref={fileInput}
          id={`${id}-files`}
          accept="image/png,image/jpeg,image/webp,image/gif"
          multiple
          aria-label={t("chooseFiles")}
          onFiles={(files) => void addFiles(files)}
        />
        <Button
          variant="secondary"
          className="px-2.5 py-1 text-xs"
          disabled={room <= 0}
          onClick={() => fileInput.current?.click()}
        >
          {max === 1 ? t("chooseOne") : t("choose")}
        </Button>
        <span>{room > 0 ? t(max === 1 ? "dropHintOne" : "dropHint") : t(max === 1 ? "fullOne" : "full", { max })}</span>
      </div>

      <div className="flex items-start gap-2">
        <div className="flex-1 space-y-1">
          <label htmlFor={`${id}-url`} className="sr-only">
            {t("urlLabel")}
          </label>
          <input
            id={`${id}-url`}
            type="url"
            inputMode="url"
            placeholder={t("urlPlaceholder")}
            value={urlText}
            disabled={room <= 0}
            onChange={(e) => setUrlText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.ctrlKey && !e.metaKey) {
                e.preventDefault();
                void addUrl();
              }
            }}
            className={inputClass}
            aria-invalid={urlError ? true : undefined}
            aria-describedby={urlError ? `${id}-url-error` : undefined}
          />
          <FieldError id={`${id}-url-error`} message={urlError} />
        </div>
        <Button
          variant="secondary"
          disabled={room <= 0 || checkingUrl || urlText.trim() === ""}
          onClick={() => void addUrl()}
        >
          {checkingUrl ? t("checking") : t("addUrl")}
        </Button>
      </div>

      <label className="flex items-center gap-2 text-xs text-zinc-700 dark:text-zinc-300">
        <input
          type="checkbox"
          checked={crop}
          onChange={(e) => setCrop(e.target.checked)}
          className="h-4 w-4 accent-violet-600"
        />
        {t("crop", { width: frame.width, height: frame.height })}
      </label>
      {/* One image is a frame: the shrinking is said once, under a list of several. */}
      {max > 1 && (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          {t("hint", { max, edge: REFERENCE_IMAGE_TARGET_EDGE, bytes: formatBytes(UPLOAD_IMAGE_MAX_BYTES, locale) })}
        </p>
      )}

      {problems.length > 0 && (
        <div id={`${fieldId}-problems`} role="alert" className="space-y-1">
          {problems.map((p) => (
            <FieldError key={p.key} id={`image-problem-${p.key}`} message={p.text} />
          ))}
        </div>
      )}
      <FieldError id={`${fieldId}-error`} message={listError} />
    </div>
  );
}
