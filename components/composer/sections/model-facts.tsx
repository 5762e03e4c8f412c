"use client";
import { useTranslations } from "use-intl";
import { modelSpec, type ModelSpec } from "@/lib/schemas/catalog";

/** What a model makes and takes, in the reader's words: "5 or 10 s · first frame · last frame · sound". */
export function modelFacts(spec: ModelSpec, t: ReturnType<typeof useTranslations<"composer">>): string[] {
  const d = spec.duration;
  const facts = [
    d.kind === "fixed"
      ? t("facts.fixed", { seconds: d.seconds })
      : d.kind === "range"
        ? t(d.auto ? "facts.rangeAuto" : "facts.range", { min: d.min, max: d.max })
        : t("facts.choices", { list: d.values.join(" / ") }),
  ];
  const images = spec.images;
  if (spec.sora) facts.push(t("facts.references", { max: images.references?.max ?? 0 }), t("facts.character"));
  else {
    if (images.firstFrame)
      facts.push(t(images.firstFrame === "required" ? "facts.firstFrameRequired" : "facts.firstFrame"));
    if (images.lastFrame) facts.push(t("facts.lastFrame"));
    if (images.references) facts.push(t("facts.references", { max: images.references.max }));
    if (spec.referenceVideos) facts.push(t("facts.clips", { max: spec.referenceVideos.max }));
    if (images.needsImage && !images.firstFrame) facts.push(t("facts.needsImage"));
    if (!images.firstFrame && !images.lastFrame && !images.references && !spec.referenceVideos)
      facts.push(t("facts.textOnly"));
  }
  if (spec.sound) facts.push(t("facts.sound"));
  return facts;
}

export function ModelFacts({ model }: { model: string }) {
  const t = useTranslations("composer");
  const spec = modelSpec(model);
  if (!spec) return null;
  return (
    <p data-testid="model-facts" className="-mt-1 text-xs text-zinc-600 dark:text-zinc-400">
      {modelFacts(spec, t).join(" · ")}
    </p>
  );
}
