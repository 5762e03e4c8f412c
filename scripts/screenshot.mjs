// Takes screenshots of a running studio for the README and for review: the workspace (light,
// dark, narrow), the composer with reference images and a character clip (light and dark,
// English and Chinese), and the review features on a run of four variations: the run's gallery,
// a task's detail, the compare page and the prompt library with a diff.
// Usage: node scripts/screenshot.mjs [baseUrl] [outDir]
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import sharp from "sharp";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/support/chromium.mjs";

const base = process.argv[2] ?? "http://localhost:3000";
const out = process.argv[3] ?? "docs";
const root = path.resolve(import.meta.dirname, "..");
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

for (const [name, options] of [
  ["studio-light", { viewport: { width: 1360, height: 900 }, colorScheme: "light" }],
  ["studio-dark", { viewport: { width: 1360, height: 900 }, colorScheme: "dark" }],
  ["studio-narrow", { viewport: { width: 375, height: 812 }, colorScheme: "light" }],
]) {
  const page = await browser.newPage({ ...options, locale: "en-US" });
  await page.goto(base);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: name === "studio-narrow" });
  await page.close();
}

/** A soft gradient "reference photo". */
const reference = (hue) =>
  sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},70%,60%)"/><stop offset="1" stop-color="hsl(${hue + 60},70%,30%)"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="1100" cy="380" r="220" fill="hsl(${hue + 30},90%,80%)" opacity="0.8"/></svg>`,
    ),
  )
    .jpeg({ quality: 92 })
    .toBuffer();

for (const locale of ["en-US", "zh-CN"]) {
  for (const colorScheme of ["light", "dark"]) {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1500 }, colorScheme, locale });
    await page.goto(base);
    await page.waitForTimeout(1000);
    const prompt = page.locator("#prompt");
    await prompt.fill(
      locale === "zh-CN"
        ? "清晨的竹林里，一只纸鹤缓缓飞过，薄雾与逆光，慢速推轨镜头"
        : "A paper crane gliding through a misty bamboo forest at dawn, backlit, slow dolly shot",
    );
    await page.locator('input[type="file"][accept^="image"]').setInputFiles([
      { name: "forest.jpg", mimeType: "image/jpeg", buffer: await reference(140) },
      { name: "dawn.jpg", mimeType: "image/jpeg", buffer: await reference(20) },
    ]);
    await page.getByTestId("reference-image").nth(1).waitFor();
    await page.locator("form details:first-of-type > summary").click();
    await page
      .locator('input[type="file"][accept^="video"]')
      .setInputFiles(path.join(root, "tests/fixtures/clip-2s.mp4"));
    await page.getByTestId("character-span").waitFor();
    await page.waitForTimeout(800);
    const form = page.locator("form").first();
    await form.screenshot({ path: `${out}/composer-${colorScheme}-${locale === "zh-CN" ? "zh" : "en"}.png` });
    await page.close();
  }
}
// A run of four variations to review (it takes the emulator a few seconds per video).
const post = async (route, body) => {
  const res = await fetch(`${base}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return res.json();
};
const prompt = "A lighthouse on a cliff at dusk, waves crashing below, slow drone orbit";
const { runId, tasks } = await post("/api/runs", {
  request: { prompt, model: "sora-2", size: "small", duration: 10, orientation: "landscape" },
  variations: { mode: "matrix", durations: [10, 15], orientations: ["landscape", "portrait"] },
});
for (let i = 0; i < 240; i++) {
  const { items } = await (await fetch(`${base}/api/tasks?run=${runId}`)).json();
  if (items.every((t) => t.state === "succeeded" && t.videos[0]?.posterUrl)) break;
  await new Promise((r) => setTimeout(r, 1000));
}
const ids = tasks.map((t) => t.id);
await fetch(`${base}/api/tasks/${ids[0]}`, {
  method: "PATCH",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    favourite: true,
    rating: 4,
    tags: ["lighthouse", "dusk"],
    notes: "The orbit reads best in landscape.",
  }),
});
const { prompt: saved } = await post("/api/prompts", {
  name: "Lighthouse at dusk",
  text: prompt,
  tags: ["coast"],
  settings: { model: "sora-2", size: "small", duration: 10, orientation: "landscape" },
  note: "first take",
});
await post(`/api/prompts/${saved.id}/versions`, {
  text: "A lighthouse on a cliff at golden hour, waves crashing below, slow drone orbit, warm light",
  note: "warmer",
});

for (const colorScheme of ["light", "dark"]) {
  const shots = [
    ["run", `/?run=${runId}`, 900],
    ["detail", `/?task=${ids[0]}`, 900],
    ["compare", `/compare?ids=${ids.join(",")}`, 1100],
    ["prompts", `/prompts?tab=library&prompt=${saved.id}`, 1000],
  ];
  for (const [name, route, height] of shots) {
    const page = await browser.newPage({ viewport: { width: 1360, height }, colorScheme, locale: "en-US" });
    await page.goto(`${base}${route}`);
    await page.waitForTimeout(2500);
    await page.screenshot({ path: `${out}/${name}-${colorScheme}.png` });
    await page.close();
  }
}

await browser.close();
fs.readdirSync(out)
  .filter((f) => f.endsWith(".png"))
  .forEach((f) => {
    console.log(`${out}/${f}`);
  });
