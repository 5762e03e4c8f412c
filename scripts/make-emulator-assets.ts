// Regenerates lib/emulator/assets: one small MP4 per orientation, size tier and duration,
// used by the emulator when ffmpeg is not installed. Run: npx tsx scripts/make-emulator-assets.ts
import { execFileSync } from "node:child_process";
import path from "node:path";
import { DURATIONS, ORIENTATIONS, SIZES } from "@/lib/schemas/rules";
import { ASSETS_DIR, assetName, ffmpegArgs } from "@/lib/emulator/video";

for (const size of SIZES)
  for (const orientation of ORIENTATIONS)
    for (const duration of DURATIONS) {
      const spec = { prompt: "", model: "emulator", size, orientation, duration };
      const out = path.join(ASSETS_DIR, assetName(spec));
      // 4 fps and a high CRF keep the bundled set small; playback is still real H.264.
      const args = ffmpegArgs(spec, null, out, 4).map((a) => (a === "32" ? "45" : a));
      execFileSync("ffmpeg", args, { stdio: "inherit" });
      console.log(out);
    }
