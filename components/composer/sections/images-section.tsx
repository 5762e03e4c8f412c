"use client";
import { FRAME_SIZES } from "@/lib/schemas/rules";
import { useComposerContext } from "../composer-context";
import { ReferenceImages } from "../images/reference-images";

/** Sora's reference images. */
export function ImagesSection() {
  const { values, errors, imageLists } = useComposerContext();
  const { image_urls: imageUrls, size, orientation } = values;
  return (
    <ReferenceImages
      {...imageLists.image_urls}
      urls={imageUrls}
      errors={{
        list: errors.image_urls?.message ?? errors.image_urls?.root?.message,
        items: imageUrls.map((_, i) => errors.image_urls?.[i]?.message),
      }}
      frame={FRAME_SIZES[size][orientation]}
    />
  );
}
