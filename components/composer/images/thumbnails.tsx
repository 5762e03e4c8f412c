"use client";
import { useLocale, useTranslations } from "use-intl";
import { formatBytes } from "@/lib/shared/bytes";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { FieldError } from "@/components/ui/field";

// The reference images' thumbnails (reorder by drag or arrows, remove, size before and after
// shrinking) and uploads in progress: loaded with the first image, not with the page.

export type Meta = { name: string; before: number; after: number; preview?: string };
export type Pending = { key: number; name: string };

type Props = {
  urls: string[];
  meta: Record<string, Meta>;
  pending: Pending[];
  /** The schema's error for each reference, by index. */
  errors: (string | undefined)[];
  /** The thumbnail being dragged (a drop on the page's drop zone then is not a file). */
  dragging: number | null;
  setDragging: (index: number | null) => void;
  move: (from: number, to: number) => void;
  remove: (index: number) => void;
  /** The list's field id; each reference's error is `<fieldId>.<index>-error`. */
  fieldId: string;
};

export function Thumbnails({ urls, meta, pending, errors, dragging, setDragging, move, remove, fieldId }: Props) {
  const t = useTranslations("composer.images");
  const locale = useLocale();
  return (
    <>
      {urls.length > 0 && (
        <ol className="grid grid-cols-2 gap-2 sm:grid-cols-4" aria-label={t("listLabel")}>
          {urls.map((url, index) => {
            const info = meta[url];
            const error = errors[index];
            return (
              <li
                key={url}
                data-testid="reference-image"
                draggable
                onDragStart={(e) => {
                  setDragging(index);
                  e.dataTransfer.effectAllowed = "move";
                }}
                onDragEnd={() => setDragging(null)}
                onDragOver={(e) => dragging !== null && e.preventDefault()}
                onDrop={(e) => {
                  e.preventDefault();
                  e.stopPropagation();
                  if (dragging !== null) move(dragging, index);
                  setDragging(null);
                }}
                className={cx(
                  "group relative overflow-hidden rounded-lg border bg-zinc-100 dark:bg-zinc-800",
                  error ? "border-red-500" : "border-zinc-200 dark:border-zinc-700",
                  dragging === index && "opacity-50",
                )}
              >
                {/* A plain img: thumbnails come from any origin and from blob: URLs. */}
                <img
                  src={info?.preview ?? url}
                  alt={t("thumbAlt", { index: index + 1, name: info?.name ?? url.split("/").pop() ?? "" })}
                  className="aspect-square w-full object-cover"
                />
                <span className="absolute left-1 top-1 rounded bg-black/70 px-1.5 text-xs font-medium text-white">
                  {index + 1}
                </span>
                <div className="flex items-center justify-between gap-1 bg-white/95 px-1 py-0.5 dark:bg-zinc-900/95">
                  <Button
                    variant="ghost"
                    className="px-1.5 py-0.5 text-xs"
                    aria-label={t("moveLeft", { index: index + 1 })}
                    disabled={index === 0}
                    onClick={() => move(index, index - 1)}
                  >
                    ←
                  </Button>
                  <Button
                    variant="ghost"
                    className="px-1.5 py-0.5 text-xs"
                    aria-label={t("remove", { index: index + 1 })}
                    onClick={() => remove(index)}
                  >
                    ✕
                  </Button>
                  <Button
                    variant="ghost"
                    className="px-1.5 py-0.5 text-xs"
                    aria-label={t("moveRight", { index: index + 1 })}
                    disabled={index === urls.length - 1}
                    onClick={() => move(index, index + 1)}
                  >
                    →
                  </Button>
                </div>
                {info && (
                  <p
                    className="truncate px-1.5 pb-1 text-[11px] text-zinc-600 dark:text-zinc-300"
                    data-testid="reference-image-size"
                  >
                    {info.before === info.after
                      ? formatBytes(info.after, locale)
                      : t("shrunk", {
                          before: formatBytes(info.before, locale),
                          after: formatBytes(info.after, locale),
                        })}
                  </p>
                )}
                {error && <FieldError id={`${fieldId}.${index}-error`} message={error} />}
              </li>
            );
          })}
          {pending.map((p) => (
            <li
              key={p.key}
              className="flex aspect-square animate-pulse flex-col items-center justify-center rounded-lg border border-dashed border-zinc-300 p-2 text-center text-xs text-zinc-600 dark:border-zinc-600 dark:text-zinc-300"
              aria-live="polite"
            >
              <span>{t("uploading")}</span>
              <span className="w-full truncate">{p.name}</span>
            </li>
          ))}
        </ol>
      )}
      {urls.length === 0 &&
        pending.map((p) => (
          <p key={p.key} className="animate-pulse text-xs text-zinc-600 dark:text-zinc-300" aria-live="polite">
            {t("uploading")} {p.name}
          </p>
        ))}
    </>
  );
}
