// What an image file really is, read from its first bytes (never from its name or the type the
// browser guesses from the extension), and its pixel size, without decoding the pixels. A
// renamed text file or a 20000 px image is refused before the browser spends memory on it.

export type ImageType = "image/png" | "image/jpeg" | "image/webp" | "image/gif";
export type SniffedImage = { type: ImageType; width: number; height: number };

/** How many leading bytes `sniffImage` may need (JPEG keeps its size after metadata such as EXIF). */
export const SNIFF_BYTES = 512 * 1024;

const ascii = (bytes: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...bytes.subarray(at, at + length));

/** The type and size of a PNG, JPEG, WebP or GIF, or null when the bytes are none of those (or cut short). */
export function sniffImage(bytes: Uint8Array): SniffedImage | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && view.getUint32(0) === 0x89504e47 && ascii(bytes, 12, 4) === "IHDR") {
    return { type: "image/png", width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length >= 10 && (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a")) {
    return { type: "image/gif", width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  if (bytes.length >= 30 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP")
    return sniffWebp(bytes, view);
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return sniffJpeg(bytes, view);
  return null;
}

function sniffWebp(bytes: Uint8Array, view: DataView): SniffedImage | null {
  const chunk = ascii(bytes, 12, 4);
  const type = "image/webp" as const;
  if (chunk === "VP8X") {
    const width = 1 + (view.getUint16(24, true) | ((bytes[26] ?? 0) << 16));
    const height = 1 + (view.getUint16(27, true) | ((bytes[29] ?? 0) << 16));
    return { type, width, height };
  }
  if (chunk === "VP8 ")
    return { type, width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  if (chunk === "VP8L") {
    const bits = view.getUint32(21, true);
    return { type, width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  return null;
}

/** Walks the JPEG markers to the first start-of-frame, which holds the size. */
function sniffJpeg(bytes: Uint8Array, view: DataView): SniffedImage | null {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1] as number; // at + 9 < length
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), carry height then width.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { type: "image/jpeg", width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
    }
    at += 2 + view.getUint16(at + 2);
  }
  return null;
}
