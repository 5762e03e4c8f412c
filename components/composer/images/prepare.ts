import type { SniffedImage } from "./sniff";

// Shrinks a reference image in the browser before it is uploaded: to the configured longest
// edge and byte size, optionally cropped to the video's aspect ratio. A file that already fits
// (and needs no crop) is kept byte for byte, so quality is never lost for nothing and an
// animated GIF stays animated.

export type Rect = { x: number; y: number; width: number; height: number };
export type Aspect = { width: number; height: number };
export type PreparedImage = { blob: Blob; width: number; height: number; resized: boolean };

/** The largest centred part of a `width`×`height` image with the given aspect ratio. */
export function centreCrop(width: number, height: number, aspect: Aspect): Rect {
  const target = aspect.width / aspect.height;
  if (width / height > target) {
    const w = Math.round(height * target);
    return { x: Math.floor((width - w) / 2), y: 0, width: w, height };
  }
  const h = Math.round(width / target);
  return { x: 0, y: Math.floor((height - h) / 2), width, height: h };
}

/** The size of `width`×`height` scaled down (never up) so its longest edge is at most `maxEdge`. */
export function fitWithin(width: number, height: number, maxEdge: number): { width: number; height: number } {
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

const QUALITIES = [0.9, 0.8, 0.7, 0.6];
/** Each pass that still does not fit the byte budget shrinks the image by this factor. */
const SHRINK = 0.8;

export class UnreadableImage extends Error {}

export async function prepareImage(
  file: Blob,
  sniffed: SniffedImage,
  options: { maxEdge: number; maxBytes: number; aspect?: Aspect },
): Promise<PreparedImage> {
  // Decoding proves the file is whole: a truncated or corrupt image fails here.
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new UnreadableImage("decode");
  }
  try {
    const crop = options.aspect
      ? centreCrop(bitmap.width, bitmap.height, options.aspect)
      : { x: 0, y: 0, width: bitmap.width, height: bitmap.height };
    const cropped = crop.width !== bitmap.width || crop.height !== bitmap.height;
    let size = fitWithin(crop.width, crop.height, options.maxEdge);
    if (!cropped && size.width === sniffed.width && size.height === sniffed.height && file.size <= options.maxBytes) {
      return { blob: file, width: sniffed.width, height: sniffed.height, resized: false };
    }
    for (;;) {
      const canvas = new OffscreenCanvas(size.width, size.height);
      const context = canvas.getContext("2d");
      if (!context) throw new UnreadableImage("canvas");
      context.imageSmoothingQuality = "high";
      context.drawImage(bitmap, crop.x, crop.y, crop.width, crop.height, 0, 0, size.width, size.height);
      for (const quality of QUALITIES) {
        const blob = await canvas.convertToBlob({ type: "image/webp", quality });
        if (blob.size <= options.maxBytes) return { blob, ...size, resized: true };
      }
      size = {
        width: Math.max(1, Math.round(size.width * SHRINK)),
        height: Math.max(1, Math.round(size.height * SHRINK)),
      };
    }
  } finally {
    bitmap.close();
  }
}
