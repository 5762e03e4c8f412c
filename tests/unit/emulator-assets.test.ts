import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ASSETS_DIR, assetName } from "@/lib/emulator/video";
import { DURATIONS, FRAME_SIZES, ORIENTATIONS, SIZES } from "@/lib/schemas/rules";
import { hasFfprobe, probeVideo } from "../support/ffprobe";

// The bundled clips the emulator falls back to without ffmpeg: one per shape and length,
// each a real H.264 MP4 of exactly that shape and length.

describe("bundled emulator videos", () => {
  for (const size of SIZES)
    for (const orientation of ORIENTATIONS)
      for (const duration of DURATIONS) {
        it(`${orientation} ${size} ${duration} s`, () => {
          const name = assetName({ ...FRAME_SIZES[size][orientation], duration });
          expect(name).toBe(`${orientation}-${size}-${duration}s.mp4`);
          const file = path.join(ASSETS_DIR, name as string);
          const bytes = fs.readFileSync(file);
          expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
          expect(bytes.length).toBeLessThan(200 * 1024);
          if (!hasFfprobe) return;
          const info = probeVideo(file);
          const { width, height } = FRAME_SIZES[size][orientation];
          expect(info).toMatchObject({ codec: "h264", width, height, pixFmt: "yuv420p" });
          expect(Math.abs(info.duration - duration)).toBeLessThan(0.3);
        });
      }

  it("has no bundled clip for a frame or length outside Sora's set (the emulator renders those)", () => {
    expect(assetName({ width: 1920, height: 1080, duration: 10 })).toBeNull();
    expect(assetName({ width: 1280, height: 720, duration: 8 })).toBeNull();
  });
});
