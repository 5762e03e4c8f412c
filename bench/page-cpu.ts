// What the studio page costs the machine while videos render: the CPU time chromium spends
// (all its processes, software rendering as on this machine) over a window with some tasks
// still rendering, with motion allowed and with `prefers-reduced-motion: reduce` side by side,
// and once everything has finished. The difference between the first two is what the page's
// animations cost. Target: rendering cards cost under a quarter of a core.
//
//   npm run bench:page-cpu     (needs a production build: npx next build)
//   BENCH_RENDERING=3 BENCH_WINDOW_MS=10000 BENCH_RUNS=3 BENCH_BUILD=<another checkout, built>
//
// Why it matters: on a small machine the browser, the studio and the emulator's ffmpeg renders
// share the cores, and a placeholder that repaints every frame slowed the renders themselves.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { startStudio, type Studio } from "../tests/support/studio";
import { forEachProcess } from "./support";

const RENDERING = Number(process.env.BENCH_RENDERING ?? 3);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET_CORES = 0.25;
const BUILD = process.env.BENCH_BUILD ?? path.resolve(import.meta.dirname, "..");
/** Linux's clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on every usual kernel). */
const TICKS_PER_S = 100;

/** CPU seconds used so far by every chromium process (user + system). */
function chromiumCpuSeconds(): number {
  let ticks = 0;
  forEachProcess("stat", (_pid, stat) => {
    // The command name is in parentheses and may hold spaces; the fields after it are fixed.
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    if (!name.startsWith("chromium") && !name.startsWith("chrome")) return;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]);
  });
  return ticks / TICKS_PER_S;
}

async function submit(studio: Studio, count: number) {
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${studio.url}/api/videos`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: studio.url },
      body: JSON.stringify({
        prompt: `Page CPU bench ${i} ${Date.now()}`,
        model: "sora-2",
        size: "small",
        duration: 10,
        orientation: "landscape",
      }),
    });
    if (res.status !== 202) throw new Error(`submit: ${res.status} ${await res.text()}`);
  }
}

/** Cores used by chromium (CPU seconds per second) over the window, the page open on the studio. */
async function pageCores(studio: Studio, reducedMotion: "reduce" | "no-preference"): Promise<number> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  });
  try {
    const page = await browser.newPage({ reducedMotion });
    await page.goto(studio.url, { waitUntil: "load" });
    await page.getByTestId("task-card").first().waitFor();
    // Let the first paint, the scripts and the first list settle: the window measures a page at rest.
    await page.waitForTimeout(2_000);
    const before = chromiumCpuSeconds();
    await page.waitForTimeout(WINDOW_MS);
    return (chromiumCpuSeconds() - before) / (WINDOW_MS / 1000);
  } finally {
    await browser.close();
  }
}

async function allFinished(studio: Studio) {
  for (;;) {
    const { items } = (await (await fetch(`${studio.url}/api/tasks?limit=24`)).json()) as {
      items: { state: string }[];
    };
    if (items.every((task) => task.state === "succeeded" || task.state === "failed")) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function measure(latencyMs: number, tasks: number) {
  // A long emulator latency keeps the tasks rendering through every window.
  const studio = await startStudio(
    { LOG_LEVEL: "warn", EMULATOR_LATENCY_MS: String(latencyMs) },
    fs.mkdtempSync(path.join(os.tmpdir(), "bench-page-cpu-")),
    BUILD,
  );
  try {
    await submit(studio, tasks);
    if (latencyMs === 0) await allFinished(studio);
    const moving: number[] = [];
    const still: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      moving.push(await pageCores(studio, "no-preference"));
      still.push(await pageCores(studio, "reduce"));
    }
    return { moving: median(moving), still: median(still) };
  } finally {
    await studio.stop();
  }
}

const rendering = await measure(10 * 60_000, RENDERING);
const finished = await measure(0, RENDERING);
const animation = rendering.moving - rendering.still;
const cores = (n: number) => `${n.toFixed(2)} cores`;
console.log(`\nChromium CPU with the studio page open (${WINDOW_MS / 1000} s windows, median of ${RUNS})`);
console.log(`state                          motion allowed   reduced motion`);
console.log(
  `${`${RENDERING} tasks rendering`.padEnd(31)}${cores(rendering.moving).padEnd(16)} ${cores(rendering.still)}`,
);
console.log(`all finished                   ${cores(finished.moving).padEnd(16)} ${cores(finished.still)}`);
console.log(
  `\nthe page while ${RENDERING} tasks render: ${cores(rendering.moving)}, of which motion ${cores(animation)} (target under ${TARGET_CORES}): ${rendering.moving <= TARGET_CORES ? "met" : "NOT met"}`,
);
