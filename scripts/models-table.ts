// Prints the README's table of models from the catalog (lib/schemas/catalog), so the README
// says what the code does. Run: npx tsx scripts/models-table.ts (a unit test compares the two).
import { describeDurations, durationsFor, MODEL_SPECS, type ModelSpec } from "@/lib/schemas/catalog";

function images(spec: ModelSpec): string {
  const { images: i } = spec;
  const parts: string[] = [];
  if (spec.sora) parts.push("up to 4 references, a character clip");
  if (i.firstFrame) parts.push(i.firstFrame === "required" ? "first frame (required)" : "first frame");
  if (i.lastFrame) parts.push("last frame");
  if (i.references && !spec.sora) parts.push(`${i.references.min}–${i.references.max} references`);
  if (spec.referenceVideos) parts.push(`${spec.referenceVideos.min}–${spec.referenceVideos.max} reference clips`);
  return parts.join(", ") || "none";
}

function extras(spec: ModelSpec): string {
  const parts: string[] = [];
  if (spec.sound) parts.push("sound");
  if (spec.negativePromptMax) parts.push("negative prompt");
  if (spec.seed) parts.push("seed");
  if (spec.cameraFixed) parts.push("fixed camera");
  if (spec.promptExtend) parts.push("prompt rewrite");
  if (spec.loop) parts.push("loop");
  return parts.join(", ") || "–";
}

export function modelsTable(): string {
  const rows = MODEL_SPECS.map((m) => {
    const fixedFrame = m.images.firstFrame ? "follows the image" : "16:9 (fixed)";
    const frame = m.sora ? "landscape, portrait, square" : (m.aspectRatios?.join(", ") ?? fixedFrame);
    const tiers = m.sora ? "small, large" : (m.resolutions ?? ["–"]).join(", ");
    const length =
      m.duration.kind === "fixed"
        ? `${m.duration.seconds} s (fixed)`
        : describeDurations(m.sora ? { kind: "choices", values: durationsFor(m.id) } : m.duration);
    return `| ${m.service} | \`${m.id}\` | ${length} | ${frame} | ${tiers} | ${images(m)} | ${extras(m)} |`;
  });
  return [
    "| service | model | length | aspect | resolution | images | also |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

if (process.argv[1]?.endsWith("models-table.ts")) console.log(modelsTable());
