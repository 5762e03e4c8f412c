"use client";
import { useTranslations } from "use-intl";
import { FRAME_SIZES, ORIENTATIONS, SIZES } from "@/lib/schemas/rules";
import { ComposerChoice } from "./composer-choice";

const ASPECT_LABELS = { landscape: "16:9", portrait: "9:16", square: "1:1" } as const;

/** The frame: its size and its orientation. */
export function FrameSection() {
  const t = useTranslations("composer");
  const sizeChoices = SIZES.map((s) => ({
    value: s,
    label: t(`size.${s}`),
    detail: t("size.detail", { height: FRAME_SIZES[s].landscape.height }),
  }));
  const orientationChoices = ORIENTATIONS.map((o) => ({
    value: o,
    label: t(`orientation.${o}`),
    detail: ASPECT_LABELS[o],
  }));
  return (
    <>
      <ComposerChoice name="size" choices={sizeChoices} />
      <ComposerChoice name="orientation" choices={orientationChoices} />
    </>
  );
}
