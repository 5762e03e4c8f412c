"use client";
import { useTranslations } from "use-intl";
import { SaveToLibrary } from "@/components/prompts/save-to-library";
import { RequestPreview, type UpstreamInfo } from "@/components/task/request-preview";
import { frameOf, MODEL_IDS, modelSpec } from "@/lib/schemas/catalog";
import type { QuotaStatus } from "@/lib/schemas/quota";
import { ComposerContext } from "./composer-context";
import { CharacterSection } from "./sections/character-section";
import { ComposerNotice } from "./sections/composer-notice";
import { DurationSection } from "./sections/duration-section";
import { FrameSection } from "./sections/frame-section";
import { FramesSection } from "./sections/frames-section";
import { ImagesSection } from "./sections/images-section";
import { LengthSection } from "./sections/length-section";
import { ModelSection } from "./sections/model-section";
import { OptionsSection } from "./sections/options-section";
import { ShapeSection } from "./sections/shape-section";
import { PromptSection } from "./sections/prompt-section";
import { SubmitBar } from "./sections/submit-bar";
import { type ComposerCatalog, useComposer } from "./use-composer";
import { Variations } from "./variations";

const EVERY_MODEL: ComposerCatalog = { models: MODEL_IDS, defaultModel: "sora-2" };

/**
 * `quota`: the account's quota as the page rendered it; null when sign-in is off (no quota).
 * `catalog`: the models this studio offers (STUDIO_MODELS) and its default model.
 */
export function Composer({
  upstream,
  quota = null,
  catalog = EVERY_MODEL,
}: {
  upstream: UpstreamInfo;
  quota?: QuotaStatus | null;
  catalog?: ComposerCatalog;
}) {
  const t = useTranslations("composer");
  const composer = useComposer({ upstream, quota, catalog });
  const { values, base, variations } = composer;
  const spec = modelSpec(values.model);
  return (
    <ComposerContext value={composer}>
      <form onSubmit={composer.onSubmit} noValidate aria-labelledby="composer-title" className="space-y-5">
        <div className="flex items-center justify-between">
          <h2 id="composer-title" className="text-base font-semibold">
            {t("title")}
          </h2>
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            {t("frameSize", frameOf({ ...values, duration: undefined }))}
          </span>
        </div>

        <PromptSection />
        <SaveToLibrary source={values} className="-mt-3" />

        <ModelSection />
        {!spec || spec.sora ? (
          <>
            <DurationSection />
            <FrameSection />

            <ImagesSection />
            <CharacterSection />
          </>
        ) : (
          <>
            <LengthSection spec={spec} />
            <ShapeSection spec={spec} />
            <FramesSection spec={spec} />
            <OptionsSection spec={spec} />
          </>
        )}

        <Variations {...variations} base={base} />

        <RequestPreview input={base} upstream={upstream} />

        <ComposerNotice />
        <SubmitBar />
      </form>
    </ComposerContext>
  );
}
