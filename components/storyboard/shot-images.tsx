"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { ReferenceImages } from "@/components/composer/images/reference-images";
import { shotSettings, type BoardDoc, type Shot } from "@/lib/schemas/board";
import { FRAME_SIZES, IMAGE_URLS_MAX } from "@/lib/schemas/rules";

// A shot's own reference images, in the composer's image list (upload, paste, drop, URL, crop to
// the shot's frame, reorder), folded away until opened. A shot that continues from the one
// before keeps a place for that frame: it goes first, so the shot's own images get one fewer.
// Imported as the composer imports it, not lazily: a lazy import made the list a chunk of its
// own, one more script in the studio page's first load. Its image tools still load on first use.

export function ShotImages({
  board,
  shot,
  number,
  currentImages,
  onChange,
  errorAt,
  onUploads,
}: {
  board: BoardDoc;
  shot: Shot;
  number: number;
  /** The shot's images this instant (an upload that ends adds to these, not to a stale copy). */
  currentImages: () => string[];
  onChange: (imageUrls: string[]) => void;
  errorAt: (path: string) => string | undefined;
  /** How many images are still uploading (Generate waits for none). */
  onUploads: (count: number) => void;
}) {
  const t = useTranslations("storyboard.shot");
  const count = shot.imageUrls.length;
  const itemErrors = shot.imageUrls.map((_, i) => errorAt(`imageUrls.${i}`));
  const [open, setOpen] = useState(count > 0 || itemErrors.some(Boolean));
  const { size, orientation } = shotSettings(board, shot);
  // The count goes to the newest callback; folded away mid-upload, the list is gone but its
  // uploads still land (see currentImages), and nothing is left counted as uploading.
  const report = useRef(onUploads);
  useEffect(() => {
    report.current = onUploads;
  });
  const onPending = useCallback((count: number) => report.current(count), []);
  useEffect(() => () => report.current(0), []);
  return (
    <details
      className="rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-800"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="cursor-pointer text-xs text-zinc-600 dark:text-zinc-400">{t("images", { count })}</summary>
      {open && (
        <div className="mt-2" aria-label={t("imagesOf", { number })} role="region">
          <ReferenceImages
            urls={shot.imageUrls}
            getUrls={currentImages}
            setUrls={onChange}
            errors={{ list: errorAt("imageUrls"), items: itemErrors }}
            frame={FRAME_SIZES[size][orientation]}
            onPendingChange={onPending}
            max={shot.continueFromPrevious ? IMAGE_URLS_MAX - 1 : IMAGE_URLS_MAX}
            fieldId={`shot-${shot.id}-images`}
            pasteAnywhere={false}
          />
        </div>
      )}
    </details>
  );
}
