// Takes screenshots of a running studio (light, dark, narrow) for the README and for review.
// Usage: node scripts/screenshot.mjs [baseUrl] [outDir]
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://localhost:3000";
const out = process.argv[3] ?? "docs";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
for (const [name, options] of [
  ["studio-light", { viewport: { width: 1360, height: 900 }, colorScheme: "light" }],
  ["studio-dark", { viewport: { width: 1360, height: 900 }, colorScheme: "dark" }],
  ["studio-narrow", { viewport: { width: 375, height: 812 }, colorScheme: "light" }],
]) {
  const page = await browser.newPage(options);
  await page.goto(base);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: name === "studio-narrow" });
  await page.close();
}
await browser.close();
