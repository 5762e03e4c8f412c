// How long after a task finishes upstream it shows as ready in an open gallery (chromium):
// with callbacks (the emulator calls the studio back) and with polling only (default settings).
// "Finished" is the emulator's own moment (task created + latency, the render already done);
// "visible" is when the card flips to ready in the page, read from a MutationObserver.
//
//   npm run bench:visible      (needs a production build: npx next build)
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { startStudio, type Studio } from "../tests/support/studio";

const LATENCY_MS = 3_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

async function measure(label: string, env: Record<string, string>) {
  const studio: Studio = await startStudio({ EMULATOR_LATENCY_MS: String(LATENCY_MS), ...env });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  });
  const delays: number[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(studio.url);
    await page.getByTestId("live-state").and(page.locator('[data-state="live"]')).waitFor();
    await page.evaluate(() => {
      const seen: Record<string, number> = {};
      (window as unknown as { __ready: Record<string, number> }).__ready = seen;
      new MutationObserver(() => {
        for (const card of document.querySelectorAll('[data-testid="task-card"][data-state="succeeded"]')) {
          const prompt = card.querySelector("p[id$='-prompt']")?.textContent ?? "";
          seen[prompt] ??= Date.now();
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
    });
    for (let i = 0; i < RUNS; i++) {
      const prompt = `visible bench ${label} ${i} ${Date.now()}`;
      const res = await page.request.post(`${studio.url}/api/videos`, {
        data: { prompt, model: "sora-2", size: "small", duration: 10, orientation: "landscape" },
      });
      const { task } = (await res.json()) as { task: { upstreamTaskId: string } };
      await page.waitForFunction(
        (p) => (window as unknown as { __ready: Record<string, number> }).__ready[p] !== undefined,
        prompt,
        { timeout: 60_000 },
      );
      const visibleAt = await page.evaluate(
        (p) => (window as unknown as { __ready: Record<string, number> }).__ready[p] as number,
        prompt,
      );
      const stored = JSON.parse(
        fs.readFileSync(path.join(studio.dataDir, "emulator", "tasks", `${task.upstreamTaskId}.json`), "utf8"),
      ) as { createdAt: number };
      delays.push(visibleAt - (stored.createdAt + LATENCY_MS));
    }
  } finally {
    await browser.close();
    await studio.stop();
  }
  delays.sort((a, b) => a - b);
  return {
    label,
    median: delays[Math.floor(delays.length / 2)] as number,
    max: delays[delays.length - 1] as number,
    all: delays,
  };
}

const rows = [
  await measure("callbacks", {
    STUDIO_PUBLIC_URL: "$STUDIO_URL",
    POLL_INTERVAL_MS: "60000",
    POLL_MAX_INTERVAL_MS: "60000",
  }),
  await measure("polling only", { POLL_INTERVAL_MS: "3000", POLL_MAX_INTERVAL_MS: "15000" }),
];
console.log(
  `\nFinish upstream → ready in an open gallery (${RUNS} tasks each, emulator latency ${LATENCY_MS / 1000} s)\n`,
);
console.log(`${"mode".padEnd(16)}${"median".padStart(10)}${"max".padStart(10)}   all (ms)`);
for (const r of rows)
  console.log(
    `${r.label.padEnd(16)}${`${r.median} ms`.padStart(10)}${`${r.max} ms`.padStart(10)}   ${r.all.join(", ")}`,
  );
const callbackRow = rows[0] as (typeof rows)[0];
console.log(`\ncallbacks: max ${callbackRow.max} ms (target < 1000 ms)`);
process.exit(callbackRow.max < 1000 ? 0 : 1);
