"use client";
import { useTranslations } from "use-intl";
import { Field, inputClass } from "@/components/ui/field";
import { frameOf, type ModelSpec } from "@/lib/schemas/catalog";
import { useComposerContext } from "../composer-context";
import { linesOf } from "../form-values";
import { ReferenceImages } from "../images/reference-images";

/** The images a model of the other services takes, as it uses them: first frame, last frame, references; and reference clips. */
export function FramesSection({ spec }: { spec: ModelSpec }) {
  const t = useTranslations("composer");
  const { register, values, errors, imageLists } = useComposerContext();
  const frame = frameOf({ ...values, duration: undefined });
  const { firstFrame, lastFrame, references } = spec.images;
  const single = (field: "first_frame_url" | "last_frame_url", label: string) => (
    <ReferenceImages
      {...imageLists[field]}
      urls={values[field] ? [values[field]] : []}
      errors={{ list: errors[field]?.message, items: [] }}
      frame={frame}
      max={1}
      fieldId={field}
      pasteAnywhere={false}
      label={label}
    />
  );
  const clips = linesOf(values.reference_video_urls).length;
  // The form holds the clips as lines of text; the schema judges the list and each URL in it.
  const clipErrors = errors.reference_video_urls as
    | { message?: string; root?: { message?: string }; [index: number]: { message?: string } | undefined }
    | undefined;
  const clipError =
    clipErrors?.message ??
    clipErrors?.root?.message ??
    Array.from({ length: clips }, (_, i) => clipErrors?.[i]?.message).find(Boolean);
  return (
    <>
      {firstFrame &&
        single("first_frame_url", firstFrame === "optional" ? t("frames.first") : t("frames.firstRequired"))}
      {lastFrame && single("last_frame_url", t("frames.last"))}
      {references && (
        <ReferenceImages
          {...imageLists.reference_image_urls}
          urls={values.reference_image_urls}
          errors={{
            list: errors.reference_image_urls?.message ?? errors.reference_image_urls?.root?.message,
            items: values.reference_image_urls.map((_, i) => errors.reference_image_urls?.[i]?.message),
          }}
          frame={frame}
          max={references.max}
          fieldId="reference_image_urls"
          // Without a first frame this is the model's only image list: a paste anywhere lands here.
          pasteAnywhere={!firstFrame}
        />
      )}
      {spec.referenceVideos && (
        <Field
          id="reference_video_urls"
          label={t("frames.clips")}
          hint={t("frames.clipsHint", { min: spec.referenceVideos.min, max: spec.referenceVideos.max, count: clips })}
          error={clipError}
        >
          <textarea
            id="reference_video_urls"
            rows={3}
            placeholder={t("frames.clipsPlaceholder")}
            className={`${inputClass} resize-y font-mono text-xs`}
            aria-invalid={errors.reference_video_urls ? true : undefined}
            {...register("reference_video_urls")}
          />
        </Field>
      )}
    </>
  );
}
