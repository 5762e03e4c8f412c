import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ASSETS_DIR, assetName } from "@/lib/emulator/video";
import { DURATIONS, FRAME_SIZES, ORIENTATIONS, SIZES } from "@/lib/schemas/rules";

// The bundled clips the emulator falls back to without ffmpeg: one per shape and length,
// each a real H.264 MP4 of exactly that shape and length.

const ffprobe = (() => {
  try {
    execFileSync("ffprobe", ["-version"]);
    return true;
  } catch {
    return false;
  }
})();

describe("bundled emulator videos", () => {
  for (const size of SIZES)
    for (const orientation of ORIENTATIONS)
      for (const duration of DURATIONS) {
        it(`${orientation} ${size} ${duration} s`, () => {
          const file = path.join(ASSETS_DIR, assetName({ size, orientation, duration }));
          const bytes = fs.readFileSync(file);
          expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
          expect(bytes.length).toBeLessThan(200 * 1024);
          if (!ffprobe) return;
          const info = JSON.parse(execFileSync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height,pix_fmt:format=duration", "-of", "json", file]).toString());
          const { width, height } = FRAME_SIZES[size][orientation];
          expect(info.streams[0]).toMatchObject({ codec_name: "h264", width, height, pix_fmt: "yuv420p" });
          expect(Math.abs(Number(info.format.duration) - duration)).toBeLessThan(0.3);
        });
      }
});
