"use client";
import { useTranslations } from "use-intl";
import { frameOf, type ModelSpec } from "@/lib/schemas/catalog";
import { ComposerChoice } from "./composer-choice";

/** The frame for a model of the other services: its aspect ratios and its resolution tiers. */
export function ShapeSection({ spec }: { spec: ModelSpec }) {
  const t = useTranslations("composer");
  const ratios = spec.aspectRatios ?? [];
  const tiers = spec.resolutions ?? [];
  return (
    <>
      {ratios.length > 0 && (
        <ComposerChoice
          name="aspect_ratio"
          choices={ratios.map((r) => ({ value: r, label: r === "adaptive" ? t("aspect_ratio.adaptive") : r }))}
        />
      )}
      {tiers.length > 0 && (
        <ComposerChoice
          name="resolution"
          choices={tiers.map((tier) => ({
            value: tier,
            label: tier === "std" || tier === "pro" ? t(`resolution.${tier}`) : tier,
            detail:
              tier === "std" || tier === "pro"
                ? `${frameOf({ model: spec.id, resolution: tier, aspect_ratio: "16:9" }).height}p`
                : undefined,
          }))}
        />
      )}
    </>
  );
}
