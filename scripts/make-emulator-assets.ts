// Regenerates lib/emulator/assets: one small MP4 per orientation, size tier and duration,
// used by the emulator when ffmpeg is not installed. Run: npx tsx scripts/make-emulator-assets.ts
import { execFileSync } from "node:child_process";
import path from "node:path";
import { DURATIONS, FRAME_SIZES, ORIENTATIONS, SIZES } from "@/lib/schemas/catalog";
import { ASSETS_DIR, assetName, bundledArgs } from "@/lib/emulator/video";

for (const size of SIZES)
  for (const orientation of ORIENTATIONS)
    for (const duration of DURATIONS) {
      const spec = { prompt: "", model: "emulator", ...FRAME_SIZES[size][orientation], duration };
      const out = path.join(ASSETS_DIR, assetName(spec) as string);
      execFileSync("ffmpeg", bundledArgs(spec, out), { stdio: "inherit" });
      console.log(out);
    }
