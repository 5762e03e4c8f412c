"use client";
import { useTranslations } from "use-intl";
import { SaveToLibrary } from "@/components/prompts/save-to-library";
import { RequestPreview, type UpstreamInfo } from "@/components/task/request-preview";
import type { QuotaStatus } from "@/lib/schemas/quota";
import { FRAME_SIZES } from "@/lib/schemas/rules";
import { ComposerContext } from "./composer-context";
import { CharacterSection } from "./sections/character-section";
import { ComposerNotice } from "./sections/composer-notice";
import { DurationSection } from "./sections/duration-section";
import { FrameSection } from "./sections/frame-section";
import { ImagesSection } from "./sections/images-section";
import { ModelSection } from "./sections/model-section";
import { PromptSection } from "./sections/prompt-section";
import { SubmitBar } from "./sections/submit-bar";
import { useComposer } from "./use-composer";
import { Variations } from "./variations";

/** `quota`: the account's quota as the page rendered it; null when sign-in is off (no quota). */
export function Composer({ upstream, quota = null }: { upstream: UpstreamInfo; quota?: QuotaStatus | null }) {
  const t = useTranslations("composer");
  const composer = useComposer({ upstream, quota });
  const { values, base, variations } = composer;
  return (
    <ComposerContext value={composer}>
      <form onSubmit={composer.onSubmit} noValidate aria-labelledby="composer-title" className="space-y-5">
        <div className="flex items-center justify-between">
          <h2 id="composer-title" className="text-base font-semibold">
            {t("title")}
          </h2>
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            {t("frameSize", FRAME_SIZES[values.size][values.orientation])}
          </span>
        </div>

        <PromptSection />
        <SaveToLibrary source={values} className="-mt-3" />

        <ModelSection />
        <DurationSection />
        <FrameSection />

        <ImagesSection />
        <CharacterSection />

        <Variations {...variations} base={base} />

        <RequestPreview input={base} upstream={upstream} />

        <ComposerNotice />
        <SubmitBar />
      </form>
    </ComposerContext>
  );
}
