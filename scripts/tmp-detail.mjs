import { chromium } from "@playwright/test";
const base = "http://127.0.0.1:3401";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
for (const [name, opts] of [["light", { viewport: { width: 1400, height: 900 } }], ["dark", { viewport: { width: 1400, height: 900 }, colorScheme: "dark" }], ["narrow", { viewport: { width: 375, height: 800 } }]]) {
  const page = await browser.newPage(opts);
  await page.goto(base + "/");
  if (name === "dark") { await page.evaluate(() => localStorage.setItem("sora-studio.theme", "dark")); await page.reload(); }
  await page.getByRole("button", { name: /Details of the task: A red fox/ }).click();
  await page.getByTestId("task-detail").waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: `/tmp/detail-${name}.png`, fullPage: false });
  console.log(name, page.url());
}
await browser.close();
