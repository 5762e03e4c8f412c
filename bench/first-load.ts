// First-load JavaScript of the main page, gzip, now and at the foundation (the build issue 3
// landed), side by side. Target: no more than 20% growth.
//
//   npm run bench:first-load     (needs a production build of this checkout: npx next build)
//   STUDIO_BROWSER_SOURCE_MAPS=1 npx next build && npm run bench:first-load -- --sources
//                                (also: this checkout's bytes by source file, largest first)
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
import { SourceMapConsumer } from "source-map-js";
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
  execFileSync(path.join(dir, "node_modules", ".bin", "next"), ["build"], {
    cwd: dir,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  return dir;
}

type Script = { url: string; body: Buffer; gzip: number };
type Load = { files: number; raw: number; gzip: number; scripts: Script[] };

async function firstLoad(buildRoot: string): Promise<Load> {
  const studio = await startStudio(
    { LOG_LEVEL: "warn" },
    fs.mkdtempSync(path.join(os.tmpdir(), "bench-first-load-")),
    buildRoot,
  );
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  });
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
    const loaded: Script[] = [];
    for (const [url, body] of scripts) {
      const bytes = await body;
      loaded.push({ url, body: bytes, gzip: zlib.gzipSync(bytes, { level: 9 }).length });
    }
    return {
      files: loaded.length,
      raw: loaded.reduce((sum, s) => sum + s.body.length, 0),
      gzip: loaded.reduce((sum, s) => sum + s.gzip, 0),
      scripts: loaded,
    };
  } finally {
    await browser.close();
    await studio.stop();
  }
}

/**
 * Each script's gzip size shared out over its source files by their share of the script's
 * characters (read from the build's source maps): an estimate, good enough to see what to split.
 */
function bySource(scripts: Script[]): [string, number][] {
  const totals = new Map<string, number>();
  for (const { url, body, gzip } of scripts) {
    const code = body.toString("utf8");
    const mapName = /sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
    const mapFile =
      mapName && path.join(root, ".next", path.dirname(new URL(url).pathname.replace(/^\/_next\//, "")), mapName);
    if (!mapFile || !fs.existsSync(mapFile)) {
      totals.set(`(no source map) ${path.basename(new URL(url).pathname)}`, gzip);
      continue;
    }
    const lines = code.split("\n");
    let previous: { line: number; column: number; source: string } | undefined;
    const add = (source: string, chars: number) =>
      totals.set(source, (totals.get(source) ?? 0) + (chars / code.length) * gzip);
    new SourceMapConsumer(JSON.parse(fs.readFileSync(mapFile, "utf8"))).eachMapping((m) => {
      if (previous)
        add(
          previous.source,
          previous.line === m.generatedLine
            ? m.generatedColumn - previous.column
            : (lines[previous.line - 1]?.length ?? 0) - previous.column,
        );
      previous = {
        line: m.generatedLine,
        column: m.generatedColumn,
        source: (m.source ?? "?").replace(/^.*?\[project\]\//, "").replace(/^node_modules\//, ""),
      };
    });
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const before = await firstLoad(foundationBuild());
const now = await firstLoad(root);
const growth = now.gzip / before.gzip - 1;
console.log(`\nFirst-load JS of the main page (chromium, gzip -9 of each script)`);
console.log(`build                        scripts  raw        gzip`);
console.log(
  `foundation (${FOUNDATION_REV})         ${String(before.files).padEnd(8)} ${kb(before.raw).padEnd(10)} ${kb(before.gzip)}`,
);
console.log(`this checkout                ${String(now.files).padEnd(8)} ${kb(now.raw).padEnd(10)} ${kb(now.gzip)}`);
console.log(
  `\ngrowth: ${(growth * 100).toFixed(1)}% (target: at most ${TARGET_GROWTH * 100}%): ${growth <= TARGET_GROWTH ? "met" : "NOT met"}`,
);

if (process.argv.includes("--sources")) {
  console.log(`\nThis checkout by source file (gzip, estimated), largest first:`);
  for (const [source, bytes] of bySource(now.scripts).slice(0, 60)) console.log(`${kb(bytes).padStart(9)}  ${source}`);
}
