import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ASSETS_DIR, produceVideo } from "@/lib/emulator/video";
import { hasFfprobe } from "../support/ffprobe";

// A repeated variation asks the emulator for the same video several times at once: the renders
// must share one ffmpeg and one file (two writing the same partial file left one task rendering
// for ever, its rename failing with ENOENT).

describe.skipIf(!hasFfprobe)("the emulator's renders", () => {
  it("renders identical requests made at once only once, and every caller gets the file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-render-"));
    try {
      const spec = {
        prompt: `The same video thrice ${Date.now()}`,
        model: "sora-2",
        width: 720,
        height: 720,
        duration: 10,
      } as const;
      const files = await Promise.all([produceVideo(spec, dir), produceVideo(spec, dir), produceVideo(spec, dir)]);
      expect(new Set(files).size).toBe(1);
      expect(files[0]?.startsWith(ASSETS_DIR)).toBe(false); // rendered, not the fallback
      expect(fs.existsSync(files[0] as string)).toBe(true);
      expect(fs.readdirSync(dir).filter((f) => f.endsWith(".partial.mp4"))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
