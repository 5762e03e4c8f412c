"use client";
import { useComposerContext } from "../composer-context";
import { ReferenceImages } from "../images/reference-images";

export function ImagesSection() {
  const { values, errors, images } = useComposerContext();
  const { image_urls: imageUrls, size, orientation } = values;
  return (
    <ReferenceImages
      {...images}
      urls={imageUrls}
      errors={{
        list: errors.image_urls?.message ?? errors.image_urls?.root?.message,
        items: imageUrls.map((_, i) => errors.image_urls?.[i]?.message),
      }}
      size={size}
      orientation={orientation}
    />
  );
}
