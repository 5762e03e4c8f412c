import "server-only";
import type { UPLOAD_VIDEO_MIME_TYPES } from "@/lib/schemas/rules";

// Reads what a character clip is from its ISO base media boxes (ISO/IEC 14496-12), without a
// decoder: the `ftyp` box at offset 4 says MP4 or QuickTime, and the movie header (`moov/mvhd`)
// holds the timescale and the duration. Boxes are walked by their sizes, so `moov` may come
// before or after `mdat`. Pure: bytes in, facts out.

export type Mp4Brand = { contentType: (typeof UPLOAD_VIDEO_MIME_TYPES)[number]; majorBrand: string };

const QUICKTIME_BRAND = "qt  ";
/** Brands of still images in the same container (HEIF, AVIF): they are not clips. */
const IMAGE_BRANDS = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis"]);
/** A header of 0xFFFFFFFF (version 0) or all ones (version 1) means the duration is not known. */
const UNKNOWN_32 = 0xffff_ffff;

type Box = { type: string; start: number; contentStart: number; end: number };

function* boxes(buf: Uint8Array, from: number, to: number): Generator<Box> {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let offset = from;
  while (offset + 8 <= to) {
    let size = view.getUint32(offset);
    const type = String.fromCharCode(...buf.subarray(offset + 4, offset + 8));
    let header = 8;
    if (size === 1) {
      if (offset + 16 > to) return;
      const large = view.getBigUint64(offset + 8);
      if (large > BigInt(Number.MAX_SAFE_INTEGER)) return;
      size = Number(large);
      header = 16;
    } else if (size === 0) {
      size = to - offset; // the box runs to the end of its container
    }
    if (size < header) return; // a corrupt size would loop forever or run backwards
    const end = offset + size;
    // A box cut short (a truncated file) still yields, clipped, so a header that is whole can be read.
    yield { type, start: offset, contentStart: offset + header, end: Math.min(end, to) };
    offset = end;
  }
}

function child(buf: Uint8Array, parent: Box, type: string): Box | undefined {
  for (const box of boxes(buf, parent.contentStart, parent.end)) if (box.type === type) return box;
  return undefined;
}

/** MP4 or QuickTime by the `ftyp` box at offset 4; undefined for anything else. */
export function mp4Brand(buf: Uint8Array): Mp4Brand | undefined {
  if (buf.byteLength < 12) return undefined;
  if (String.fromCharCode(...buf.subarray(4, 8)) !== "ftyp") return undefined;
  const majorBrand = String.fromCharCode(...buf.subarray(8, 12));
  if (IMAGE_BRANDS.has(majorBrand)) return undefined;
  return { contentType: majorBrand === QUICKTIME_BRAND ? "video/quicktime" : "video/mp4", majorBrand };
}

/**
 * The movie's duration in seconds from `moov/mvhd` (versions 0 and 1), falling back to
 * `moov/mvex/mehd` for fragmented files whose header says 0. Undefined when it cannot be read.
 */
export function mp4DurationS(buf: Uint8Array): number | undefined {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let moov: Box | undefined;
  for (const box of boxes(buf, 0, buf.byteLength)) {
    if (box.type === "moov") {
      moov = box;
      break;
    }
  }
  if (!moov) return undefined;
  const mvhd = child(buf, moov, "mvhd");
  if (!mvhd) return undefined;
  const at = mvhd.contentStart;
  const version = buf[at];
  let timescale: number;
  let duration: number | undefined;
  if (version === 0) {
    if (at + 20 > mvhd.end) return undefined;
    timescale = view.getUint32(at + 12);
    const raw = view.getUint32(at + 16);
    duration = raw === UNKNOWN_32 ? undefined : raw;
  } else if (version === 1) {
    if (at + 32 > mvhd.end) return undefined;
    timescale = view.getUint32(at + 20);
    const raw = view.getBigUint64(at + 24);
    duration = raw === 0xffff_ffff_ffff_ffffn || raw > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(raw);
  } else {
    return undefined;
  }
  if (timescale === 0) return undefined;
  if (duration === 0) duration = fragmentedDuration(buf, view, moov);
  return duration === undefined ? undefined : duration / timescale;
}

/** `mehd`'s fragment_duration (in the movie timescale) of a fragmented file. */
function fragmentedDuration(buf: Uint8Array, view: DataView, moov: Box): number | undefined {
  const mvex = child(buf, moov, "mvex");
  const mehd = mvex && child(buf, mvex, "mehd");
  if (!mehd) return 0;
  const at = mehd.contentStart;
  if (buf[at] === 1) return at + 12 <= mehd.end ? Number(view.getBigUint64(at + 4)) : undefined;
  return at + 8 <= mehd.end ? view.getUint32(at + 4) : undefined;
}
