import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { modelsTable } from "../../scripts/models-table";

// The README's table of models is the catalog's: regenerate it with `npx tsx scripts/models-table.ts`.

describe("README models table", () => {
  it("matches the catalog", () => {
    const readme = fs.readFileSync(path.join(process.cwd(), "README.md"), "utf8");
    const table = /<!-- models:start[^>]*-->\n([\s\S]*?)\n<!-- models:end -->/.exec(readme)?.[1];
    expect(table).toBe(modelsTable());
  });
});
