import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { modelsTable } from "../../scripts/models-table";

// The README's table of models is the catalog's: regenerate it with `npx tsx scripts/models-table.ts`.
// Compared cell by cell, so the formatter's column padding does not matter.

const cells = (table: string | undefined) =>
  (table ?? "")
    .split("\n")
    .filter((line) => !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );

describe("README models table", () => {
  it("matches the catalog", () => {
    const readme = fs.readFileSync(path.join(process.cwd(), "README.md"), "utf8");
    const table = /<!-- models:start[^>]*-->\n([\s\S]*?)\n<!-- models:end -->/.exec(readme)?.[1];
    expect(cells(table).length).toBeGreaterThan(30);
    expect(cells(table)).toEqual(cells(modelsTable()));
  });
});
