import { describe, expect, it } from "vitest";
import { playwrightFiles, timingReport, vitestFiles } from "../../scripts/test-timing.mjs";

// The timing table npm test prints last: each suite's wall time and the slowest files of all.

const root = "/repo";
const vitestReport = {
  testResults: [
    { name: "/repo/tests/unit/a.test.ts", startTime: 1_000, endTime: 3_000, assertionResults: [{}, {}] },
    { name: "/repo/tests/integration/b.test.ts", startTime: 1_500, endTime: 41_000, assertionResults: [{}] },
  ],
};
const result = (startTime: string, duration: number) => ({ startTime, duration });
const playwrightReport = {
  stats: { duration: 100_000 },
  suites: [
    {
      file: "studio.spec.ts",
      specs: [
        { title: "one", tests: [{ projectName: "chromium", results: [result("2026-01-01T00:00:00.000Z", 5_000)] }] },
      ],
      suites: [
        {
          title: "nested describe",
          specs: [
            {
              title: "two",
              tests: [{ projectName: "chromium", results: [result("2026-01-01T00:00:10.000Z", 20_000)] }],
            },
          ],
        },
      ],
    },
    {
      file: "team.spec.ts",
      specs: [{ title: "three", tests: [{ projectName: "team", results: [result("not a date", 1)] }] }],
    },
  ],
};

describe("the test timing report", () => {
  it("times a vitest file from its start to its end, and the suite from the first start to the last end", () => {
    const suite = vitestFiles(vitestReport, root);
    expect(suite.wallMs).toBe(40_000);
    expect(suite.files.map((f) => [f.file, f.ms, f.tests])).toEqual([
      ["tests/unit/a.test.ts", 2_000, 2],
      ["tests/integration/b.test.ts", 39_500, 1],
    ]);
  });

  it("times a spec file over its nested tests, and takes the suite's wall time from the report", () => {
    const suite = playwrightFiles(playwrightReport);
    expect(suite.wallMs).toBe(100_000);
    expect(suite.files).toEqual([expect.objectContaining({ file: "e2e/studio.spec.ts", tests: 2, ms: 30_000 })]);
  });

  it("lists the slowest files of all suites first, with their share of their suite's wall time", () => {
    const report = timingReport({ vitest: vitestFiles(vitestReport, root), e2e: playwrightFiles(playwrightReport) }, 2);
    const lines = report.split("\n");
    expect(lines).toContain("  vitest: 40.0 s wall, 2 files");
    expect(lines).toContain("  e2e: 100.0 s wall, 1 files");
    const rows = lines.filter((line) => line.includes("tests  "));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/39\.5 s\s+99%\s+1 tests {2}tests\/integration\/b\.test\.ts$/);
    expect(rows[1]).toMatch(/30\.0 s\s+30%\s+2 tests {2}e2e\/studio\.spec\.ts$/);
  });

  it("says only the heading when no suite reported", () => {
    expect(timingReport({ vitest: vitestFiles(undefined, root), e2e: playwrightFiles(undefined) })).toBe(
      "Where the time went:",
    );
  });
});
