"use client";
import { useTranslations } from "use-intl";
import { ChoiceGroup } from "@/components/ui/choice-group";
import { FRAME_SIZES, ORIENTATIONS, SIZES } from "@/lib/schemas/rules";
import { useComposerContext } from "../composer-context";

const ASPECT_LABELS = { landscape: "16:9", portrait: "9:16", square: "1:1" } as const;

/** The frame: its size and its orientation. */
export function FrameSection() {
  const t = useTranslations("composer");
  const { register, errors } = useComposerContext();
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
      <ChoiceGroup
        name="size"
        legend={t("size.legend")}
        choices={sizeChoices}
        registration={register("size")}
        error={errors.size?.message}
      />
      <ChoiceGroup
        name="orientation"
        legend={t("orientation.legend")}
        choices={orientationChoices}
        registration={register("orientation")}
        error={errors.orientation?.message}
      />
    </>
  );
}
