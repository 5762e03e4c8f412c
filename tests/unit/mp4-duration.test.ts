import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mp4Brand, mp4DurationS } from "@/lib/server/media/mp4-duration";

// The character clip's kind and length, read from its boxes: real ffmpeg files and hand-built
// ones for the cases ffmpeg does not write (version 1 headers, unknown durations, cut files).

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "..", "fixtures", name));

function box(type: string, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, "latin1");
  return Buffer.concat([header, body]);
}

const ftyp = (brand = "isom") => box("ftyp", Buffer.from(`${brand}\0\0\x02\0isomiso2`, "latin1"));

/** A movie header: version 0 has 32-bit times and duration, version 1 has 64-bit ones. */
function mvhd(version: 0 | 1, timescale: number, duration: number): Buffer {
  const b = Buffer.alloc(version === 0 ? 100 : 112);
  b.writeUInt8(version, 0);
  b.writeUInt32BE(timescale, version === 0 ? 12 : 20);
  if (version === 0) b.writeUInt32BE(duration, 16);
  else b.writeBigUInt64BE(BigInt(duration), 24);
  return box("mvhd", b);
}
const mvhd0 = (timescale: number, duration: number) => mvhd(0, timescale, duration);

describe("mp4Brand", () => {
  it("knows MP4 and QuickTime by the ftyp box at offset 4", () => {
    expect(mp4Brand(fixture("clip-2s.mp4"))).toMatchObject({ contentType: "video/mp4" });
    expect(mp4Brand(ftyp("qt  "))).toEqual({ contentType: "video/quicktime", majorBrand: "qt  " });
  });

  it("refuses text, PNG bytes and still images in the same container (HEIC, AVIF)", () => {
    expect(mp4Brand(Buffer.from("hello world, this is not a video"))).toBeUndefined();
    expect(mp4Brand(Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"))).toBeUndefined();
    expect(mp4Brand(ftyp("heic"))).toBeUndefined();
    expect(mp4Brand(ftyp("avif"))).toBeUndefined();
    expect(mp4Brand(Buffer.alloc(4))).toBeUndefined();
  });
});

describe("mp4DurationS", () => {
  it("reads ffmpeg's files (moov after mdat) to the frame", () => {
    expect(mp4DurationS(fixture("clip-2s.mp4"))).toBeCloseTo(2, 1);
    expect(mp4DurationS(fixture("clip-0.5s.mp4"))).toBeCloseTo(0.5, 1);
  });

  it("reads version 0 and version 1 movie headers, before or after the media data", () => {
    const mdat = box("mdat", Buffer.alloc(64, 7));
    expect(mp4DurationS(Buffer.concat([ftyp(), box("moov", mvhd0(1000, 2500)), mdat]))).toBe(2.5);
    expect(mp4DurationS(Buffer.concat([ftyp(), mdat, box("moov", mvhd0(600, 1800))]))).toBe(3);
    expect(mp4DurationS(Buffer.concat([ftyp(), mdat, box("moov", box("free"), mvhd(1, 90_000, 450_000))]))).toBe(5);
  });

  it("reads a 64-bit box size", () => {
    const large = Buffer.alloc(16);
    large.writeUInt32BE(1, 0);
    large.write("mdat", 4, "latin1");
    large.writeBigUInt64BE(16n + 8n, 8);
    const mdat = Buffer.concat([large, Buffer.alloc(8)]);
    expect(mp4DurationS(Buffer.concat([ftyp(), mdat, box("moov", mvhd0(10, 15))]))).toBe(1.5);
  });

  it("has no answer when the header is missing, cut short, unknown or has no timescale", () => {
    const mdat = box("mdat", Buffer.alloc(64));
    expect(mp4DurationS(Buffer.concat([ftyp(), mdat]))).toBeUndefined();
    expect(mp4DurationS(Buffer.concat([ftyp(), box("moov", box("trak"))]))).toBeUndefined();
    expect(mp4DurationS(Buffer.concat([ftyp(), box("moov", mvhd0(1000, 0xffffffff))]))).toBeUndefined();
    expect(mp4DurationS(Buffer.concat([ftyp(), box("moov", mvhd0(0, 1000))]))).toBeUndefined();
    const whole = Buffer.concat([ftyp(), box("moov", mvhd0(1000, 2000))]);
    expect(mp4DurationS(whole.subarray(0, whole.length - 90))).toBeUndefined();
    const real = fixture("clip-2s.mp4");
    expect(mp4DurationS(real.subarray(0, real.length / 2))).toBeUndefined();
  });

  it("stops on a corrupt box size instead of looping", () => {
    const bad = Buffer.concat([ftyp(), Buffer.from([0, 0, 0, 4]), Buffer.from("moov", "latin1"), Buffer.alloc(32)]);
    expect(mp4DurationS(bad)).toBeUndefined();
  });

  it("reads the fragment duration of a fragmented file whose header says 0", () => {
    const mehd = Buffer.alloc(8);
    mehd.writeUInt32BE(4000, 4);
    expect(mp4DurationS(Buffer.concat([ftyp(), box("moov", mvhd0(1000, 0), box("mvex", box("mehd", mehd)))]))).toBe(4);
  });
});
