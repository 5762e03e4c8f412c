// The gallery page at 10,000 tasks, in chromium against the production build: time to the
// first rows, and the number of DOM nodes while scrolling far down the list (grid and list
// layouts). Target: fewer than 300 nodes in the gallery, however far one scrolls.
//
//   npm run bench:gallery      (needs a production build: npx next build)
//   BENCH_TASKS=10000 BENCH_SCROLL_TASKS=2400 BENCH_RUNS=5
//
// The studio gets a fresh SQLite file seeded with the tests' deterministic tasks, all finished
// (so the worker has nothing to submit while we measure), each success with its video.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { openDatabase } from "@/lib/server/db";
import { insertSeeded, seedRows } from "../tests/support/seed-tasks";
import { startStudio } from "../tests/support/studio";

const TASKS = Number(process.env.BENCH_TASKS ?? 10_000);
/** How many tasks to scroll through (the list loads 24 per page as the end nears). */
const SCROLL_TASKS = Number(process.env.BENCH_SCROLL_TASKS ?? 2_400);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_NODES = 300;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

type Sample = { galleryNodes: number; documentNodes: number; rendered: number };

async function sample(page: Page): Promise<Sample> {
  return page.evaluate(() => {
    const items = document.querySelector('[data-testid="gallery-items"]');
    return {
      galleryNodes: items ? items.getElementsByTagName("*").length + 1 : 0,
      documentNodes: document.getElementsByTagName("*").length,
      rendered: items ? items.querySelectorAll('[data-testid="task-card"], [data-testid="task-row"]').length : 0,
    };
  });
}

/** Milliseconds from navigation start to the first task on screen (a fresh page each time). */
async function firstRows(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: "commit" });
  await page.locator('[data-testid="task-card"], [data-testid="task-row"]').first().waitFor({ timeout: 30_000 });
  return page.evaluate(() => performance.now());
}

/** Scrolls a screen at a time until SCROLL_TASKS tasks are loaded; the largest node counts seen on the way. */
async function scrollThrough(page: Page): Promise<{ max: Sample; steps: number; tasks: number; ms: number }> {
  const max: Sample = { galleryNodes: 0, documentNodes: 0, rendered: 0 };
  const started = Date.now();
  let steps = 0;
  let tasks = 0;
  for (; steps < 5_000; steps++) {
    await page.evaluate(() => window.scrollBy(0, window.innerHeight));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const now = await sample(page);
    for (const key of Object.keys(max) as (keyof Sample)[]) max[key] = Math.max(max[key], now[key]);
    tasks = await page.evaluate(() => {
      const shown = document.querySelector('[data-testid="gallery-shown"]')?.getAttribute("data-count");
      return Number(shown ?? 0);
    });
    if (tasks >= SCROLL_TASKS) break;
    // At the bottom while the next page loads: give it a moment.
    const atEnd = await page.evaluate(
      () => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2,
    );
    if (atEnd) await page.waitForTimeout(50);
  }
  return { max, steps, tasks, ms: Date.now() - started };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-gallery-"));
const seeded = seedRows(TASKS).map((t, i) => {
  // Finished tasks only: a queued one would be submitted to the emulator during the run.
  if (t.row.state !== "succeeded") t.row.state = "failed";
  // Some rated, as a gallery in use is: a rated card shows its stars.
  if (i % 3 === 0) t.row.rating = 1 + (i % 5);
  return t;
});
const database = await openDatabase({ dataDir });
await insertSeeded(database, seeded);
// Every finished task has its video, archived with a poster, so each card carries its player,
// download link, archive line and compare checkbox. The files themselves are not needed: the bench
// counts nodes, nothing plays.
const now = new Date().toISOString();
const videos = seeded
  .filter((t) => t.row.state === "succeeded")
  .map((t) => ({
    id: `video-${t.row.id}`,
    task_id: t.row.id,
    upstream_id: `up-${t.row.id}`,
    position: 0,
    source_url: "https://videos.invalid/clip.mp4",
    expires_at: "2099-01-01T00:00:00.000Z",
    created_at: now,
    archive_key: `missing/${t.row.id}.mp4`,
    archive_size: 4_200_000,
    archive_sha256: null,
    archive_content_type: "video/mp4",
    archived_at: now,
    archive_next_at: null,
    archive_error: null,
    archive_attempts: 1,
    poster_key: `missing/${t.row.id}.jpg`,
    poster_sha256: null,
    poster_at: now,
    poster_attempts: 1,
  }));
for (let i = 0; i < videos.length; i += 400)
  await database
    .insertInto("videos")
    .values(videos.slice(i, i + 400))
    .execute();
await database.destroy();
console.log(`seeded ${TASKS} tasks`);

const studio = await startStudio({ LOG_LEVEL: "warn" }, dataDir);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
});
const rows: string[][] = [];
let worst = 0;
try {
  for (const layout of ["grid", "list"] as const) {
    const url = `${studio.url}/${layout === "list" ? "?view=list" : ""}`;
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      times.push(await firstRows(page, url));
      await page.close();
    }
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await firstRows(page, url);
    const run = await scrollThrough(page);
    await page.close();
    worst = Math.max(worst, run.max.galleryNodes);
    rows.push([
      layout,
      `${median(times).toFixed(0)} ms`,
      `${Math.max(...times).toFixed(0)} ms`,
      String(run.tasks),
      String(run.max.rendered),
      String(run.max.galleryNodes),
      String(run.max.documentNodes),
      `${(run.ms / 1000).toFixed(1)} s`,
    ]);
  }
} finally {
  await browser.close();
  await studio.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const header = [
  "layout",
  "first rows p50",
  "first rows max",
  "tasks scrolled",
  "max rendered",
  "max gallery nodes",
  "max page nodes",
  "scroll time",
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join("  ");
console.log(`\nGallery at ${TASKS} tasks (chromium, 1400×900, ${RUNS} loads each)`);
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log(
  `\ntarget: fewer than ${TARGET_NODES} gallery nodes while scrolling: ${worst < TARGET_NODES ? "met" : "NOT met"} (worst ${worst})`,
);
