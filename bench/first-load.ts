// First-load JavaScript of the main page, gzip, now and at the foundation (the build issue 3
// landed), side by side. Target: no more than 20% growth.
//
//   npm run bench:first-load     (needs a production build of this checkout: npx next build)
//
// "First load" is every script the browser fetches to show the studio page and make it
// interactive (until no new script arrives for a second), as chromium saw it; each body is gzipped here at
// level 9, so both builds are measured the same way whatever the server sends. The foundation
// is built once in a git worktree under the temp directory and reused by later runs.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { chromium } from "@playwright/test";
import { startStudio } from "../tests/support/studio";

const FOUNDATION_REV = process.env.BENCH_FOUNDATION_REV ?? "3fb7c94";
const TARGET_GROWTH = 0.2;
const root = path.resolve(import.meta.dirname, "..");

function foundationBuild(): string {
  const dir = path.join(os.tmpdir(), `sora-studio-foundation-${FOUNDATION_REV}`);
  if (fs.existsSync(path.join(dir, ".next", "BUILD_ID"))) return dir;
  console.log(`building the foundation (${FOUNDATION_REV}) in ${dir} — once, a few minutes`);
  fs.rmSync(dir, { recursive: true, force: true });
  execFileSync("git", ["worktree", "prune"], { cwd: root });
  execFileSync("git", ["worktree", "add", "--detach", dir, FOUNDATION_REV], { cwd: root, stdio: "inherit" });
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "inherit" });
  execFileSync(path.join(dir, "node_modules", ".bin", "next"), ["build"], { cwd: dir, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  return dir;
}

type Load = { files: number; raw: number; gzip: number };

async function firstLoad(buildRoot: string): Promise<Load> {
  const studio = await startStudio({ LOG_LEVEL: "warn" }, fs.mkdtempSync(path.join(os.tmpdir(), "bench-first-load-")), buildRoot);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
  try {
    const page = await browser.newPage();
    const scripts = new Map<string, Promise<Buffer>>();
    page.on("response", (response) => {
      if (response.request().resourceType() === "script" && response.ok()) scripts.set(response.url(), response.body());
    });
    // Not "networkidle": the page's event stream stays open by design. Wait for the load event,
    // then until a full second passes without a new script.
    await page.goto(studio.url, { waitUntil: "load" });
    for (let seen = -1; seen !== scripts.size; ) {
      seen = scripts.size;
      await page.waitForTimeout(1_000);
    }
    let raw = 0;
    let gzip = 0;
    for (const body of await Promise.all(scripts.values())) {
      raw += body.length;
      gzip += zlib.gzipSync(body, { level: 9 }).length;
    }
    return { files: scripts.size, raw, gzip };
  } finally {
    await browser.close();
    await studio.stop();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const before = await firstLoad(foundationBuild());
const now = await firstLoad(root);
const growth = now.gzip / before.gzip - 1;
console.log(`\nFirst-load JS of the main page (chromium, gzip -9 of each script)`);
console.log(`build                        scripts  raw        gzip`);
console.log(`foundation (${FOUNDATION_REV})         ${String(before.files).padEnd(8)} ${kb(before.raw).padEnd(10)} ${kb(before.gzip)}`);
console.log(`this checkout                ${String(now.files).padEnd(8)} ${kb(now.raw).padEnd(10)} ${kb(now.gzip)}`);
console.log(`\ngrowth: ${(growth * 100).toFixed(1)}% (target: at most ${TARGET_GROWTH * 100}%): ${growth <= TARGET_GROWTH ? "met" : "NOT met"}`);
