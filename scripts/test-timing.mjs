// Where a test run's time went: each suite's wall time and its slowest files with their share of
// it, read from the JSON reports vitest and Playwright write. `npm test` prints it last, so the
// next slowdown is seen in the run that brings it.
import path from "node:path";

/** Vitest's report: a file's time is from its start to its end. */
export function vitestFiles(report, root) {
  const files = (report?.testResults ?? []).map((file) => ({
    suite: "vitest",
    file: path.relative(root, file.name),
    tests: file.assertionResults.length,
    ms: Math.max(0, file.endTime - file.startTime),
    start: file.startTime,
    end: file.endTime,
  }));
  return withWall(files);
}

/** Playwright's report: a spec file's time is from its first test's start to its last test's end. */
export function playwrightFiles(report) {
  const byFile = new Map();
  const visit = (suite, file) => {
    const where = suite.file ?? file;
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests ?? [])
        for (const result of test.results ?? []) {
          const start = Date.parse(result.startTime);
          if (Number.isNaN(start)) continue;
          const entry = byFile.get(where) ?? { tests: new Set(), start, end: start };
          entry.tests.add(`${spec.title}\n${test.projectName ?? ""}`);
          entry.start = Math.min(entry.start, start);
          entry.end = Math.max(entry.end, start + (result.duration ?? 0));
          byFile.set(where, entry);
        }
    for (const child of suite.suites ?? []) visit(child, where);
  };
  for (const suite of report?.suites ?? []) visit(suite, suite.file);
  const files = [...byFile].map(([file, entry]) => ({
    suite: "e2e",
    file: path.join("e2e", file),
    tests: entry.tests.size,
    ms: entry.end - entry.start,
    start: entry.start,
    end: entry.end,
  }));
  const wall = report?.stats?.duration;
  return withWall(files, typeof wall === "number" ? wall : undefined);
}

function withWall(files, wall) {
  if (files.length === 0) return { files, wallMs: wall ?? 0 };
  const start = Math.min(...files.map((f) => f.start));
  const end = Math.max(...files.map((f) => f.end));
  return { files, wallMs: wall ?? end - start };
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** The printed table: a line per suite, then the `count` slowest files of all suites. */
export function timingReport(suites, count = 10) {
  const lines = ["Where the time went:"];
  for (const [name, suite] of Object.entries(suites))
    if (suite.files.length > 0) lines.push(`  ${name}: ${seconds(suite.wallMs)} wall, ${suite.files.length} files`);
  const slowest = Object.values(suites)
    .flatMap((suite) => suite.files.map((file) => ({ ...file, share: suite.wallMs > 0 ? file.ms / suite.wallMs : 0 })))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count);
  if (slowest.length === 0) return lines.join("\n");
  lines.push(`  slowest ${slowest.length} files (share of their suite's wall time; files run side by side):`);
  for (const file of slowest)
    lines.push(
      `  ${seconds(file.ms).padStart(8)}  ${`${Math.round(file.share * 100)}%`.padStart(4)}  ${String(file.tests).padStart(3)} tests  ${file.file}`,
    );
  return lines.join("\n");
}
