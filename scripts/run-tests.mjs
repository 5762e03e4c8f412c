// `npm test`: builds the studio once, runs the vitest suites (unit + integration over real
// HTTP) and the Playwright e2e suite against the production build, then prints one line,
// `N passed, N failed`, summed over all suites. Exit code 1 when anything failed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { playwrightFiles, timingReport, vitestFiles } from "./test-timing.mjs";

const root = path.resolve(import.meta.dirname, "..");
const results = path.join(root, "test-results");
fs.rmSync(results, { recursive: true, force: true });
fs.mkdirSync(results, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
// A developer's own token or database must never leak into the tests.
for (const name of ["ACEDATACLOUD_API_TOKEN", "ACEDATACLOUD_API_BASE_URL", "DATABASE_URL", "STUDIO_PUBLIC_URL"])
  delete env[name];

const run = (label, cmd, args) => {
  console.log(`\n=== ${label}: ${cmd} ${args.join(" ")}`);
  return spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" }).status ?? 1;
};
const firstLine = (text) =>
  (text ?? "")
    .split("\n")
    .find((line) => line.trim())
    ?.trim()
    .slice(0, 300) ?? "";
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const readJson = (file) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(results, file), "utf8"));
  } catch {
    return undefined;
  }
};

let passed = 0;
let failed = 0;
// Vitest prints its failures first and Playwright's output follows, so a record that keeps
// only the log's tail would lose them: they are named again just above the summary line.
const vitestFailures = [];

if (run("build", bin("next"), ["build"]) !== 0) {
  console.log("\nThe production build failed; no suite could run.");
  failed += 1;
} else {
  const vitestStatus = run("unit + integration (vitest)", bin("vitest"), ["run"]);
  const vitest = readJson("vitest.json");
  if (vitest) {
    passed += vitest.numPassedTests;
    failed += vitest.numFailedTests;
    for (const file of vitest.testResults ?? []) {
      const where = path.relative(root, file.name);
      // A file that failed without a failed test (it did not load, or a hook threw): count it once.
      if (file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed")) {
        failed += 1;
        vitestFailures.push(`${where}: ${firstLine(file.message)}`);
      }
      for (const test of file.assertionResults) {
        if (test.status === "failed")
          vitestFailures.push(`${where} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
      }
    }
  } else if (vitestStatus !== 0) failed += 1;

  const e2eStatus = run("e2e (playwright, chromium)", bin("playwright"), ["test"]);
  const e2e = readJson("playwright.json");
  if (e2e?.stats) {
    passed += e2e.stats.expected + e2e.stats.flaky;
    failed += e2e.stats.unexpected;
    if (e2eStatus !== 0 && e2e.stats.unexpected === 0) failed += 1; // e.g. the web server did not start
  } else if (e2eStatus !== 0) failed += 1;
}

const timing = {
  vitest: vitestFiles(readJson("vitest.json"), root),
  e2e: playwrightFiles(readJson("playwright.json")),
};
console.log(`\n${timingReport(timing)}`);
if (vitestFailures.length > 0) console.log(`\nvitest failures:\n${vitestFailures.map((f) => `  - ${f}`).join("\n")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
