import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs script without type declarations
import { findViolations, importsOf, violationsIn } from "../../scripts/check-boundaries.mjs";

const imports = importsOf as (source: string, fileName?: string) => string[];
const violations = violationsIn as (relPath: string, source: string) => string[];

describe("architecture boundaries", () => {
  it("keeps server code out of the browser and the emulator apart from the server", () => {
    expect(findViolations()).toEqual([]);
  });
});

describe("importsOf", () => {
  it("finds a side-effect import", () => {
    expect(imports(`import "server-only";\nimport './globals.css';`)).toEqual(["server-only", "./globals.css"]);
  });

  it("finds export * from, with or without a namespace name", () => {
    expect(imports(`export * from "./a";\nexport * as b from "./b";`)).toEqual(["./a", "./b"]);
  });

  it("finds export { a } from, type-only re-exports included", () => {
    expect(imports(`export { a, b as c } from "./a";\nexport type { T } from "./t";`)).toEqual(["./a", "./t"]);
  });

  it("finds import type and inline type imports", () => {
    expect(
      imports(`import type { Task } from "@/lib/schemas/task";\nimport { type Db, open } from "@/lib/server/db";`),
    ).toEqual(["@/lib/schemas/task", "@/lib/server/db"]);
  });

  it("finds a multi-line named import", () => {
    const source = [
      "import {",
      "  listTasks,",
      "  // a comment in the braces",
      "  findTask,",
      '} from "@/lib/server/db/tasks-repo";',
    ].join("\n");
    expect(imports(source)).toEqual(["@/lib/server/db/tasks-repo"]);
  });

  it("finds default, namespace and combined imports", () => {
    expect(imports(`import ts from "typescript";\nimport * as z from "zod/mini";\nimport a, { b } from "ab";`)).toEqual(
      ["typescript", "zod/mini", "ab"],
    );
  });

  it('finds a dynamic import("x"), awaited or not, in a function body', () => {
    const source = `export async function f() {\n  const { x } = await import("./x");\n  return import(\`./y\`);\n}`;
    expect(imports(source)).toEqual(["./x", "./y"]);
  });

  it('finds require("x") and import x = require("x")', () => {
    expect(imports(`const fs = require("node:fs");`, "a.js")).toEqual(["node:fs"]);
    expect(imports(`import path = require("node:path");`)).toEqual(["node:path"]);
  });

  it('finds typeof import("x") in a type', () => {
    expect(imports(`let s: typeof import("./studio").Studio;`)).toEqual(["./studio"]);
  });

  it("parses TSX", () => {
    const source = `"use client";\nimport { Button } from "./button";\nexport const A = () => <Button label="@/lib/server/db" />;`;
    expect(imports(source, "a.tsx")).toEqual(["./button"]);
  });

  it("ignores a module name in a comment", () => {
    const source = [
      '// import "@/lib/server/db";',
      '/* export * from "@/lib/server/db"; */',
      "/**",
      ' * @example import { listTasks } from "@/lib/server/db/tasks-repo";',
      " */",
      "export const x = 1;",
    ].join("\n");
    expect(imports(source)).toEqual([]);
  });

  it("ignores a module name in an ordinary string or template", () => {
    const source = [
      "const a = \"import x from '@/lib/server/db'\";",
      'const b = `require("@/lib/server/db")`;',
      'const c = "@/lib/server/db";',
      'const d = obj.require("@/lib/server/db");',
      "const e = require(name);",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
      "const f = import(`./${name}`);",
    ].join("\n");
    expect(imports(source)).toEqual([]);
  });
});

describe("violationsIn", () => {
  it("reports a components/ file that imports server code by a side-effect import", () => {
    expect(violations("components/gallery/card.tsx", `import "@/lib/server/db";\nexport const A = 1;`)).toEqual([
      "components/gallery/card.tsx: imports @/lib/server/db (components must not import server code)",
    ]);
  });

  it("reports the other forms too, each once", () => {
    const source = [
      'import type { Task } from "@/lib/server/db/tasks-repo";',
      'export * from "../../lib/server/env";',
      'const m = await import("@/lib/server/tasks");',
      'import { ok } from "@/lib/schemas/task";',
    ].join("\n");
    expect(violations("lib/query/x.ts", source)).toEqual([
      "lib/query/x.ts: imports @/lib/server/db/tasks-repo (lib/query runs in the browser)",
      "lib/query/x.ts: imports ../../lib/server/env (lib/query runs in the browser)",
      "lib/query/x.ts: imports @/lib/server/tasks (lib/query runs in the browser)",
    ]);
  });

  it("applies each folder's own rule, and none outside the ruled folders", () => {
    expect(violations("lib/schemas/a.ts", `import "../server/db";`)).toHaveLength(1);
    expect(violations("lib/schemas/a.ts", `import { b } from "./b";\nimport * as z from "zod/mini";`)).toEqual([]);
    expect(violations("lib/server/media/a.ts", `import "@/lib/emulator/state";`)).toHaveLength(1);
    expect(violations("lib/emulator/a.ts", `const s = require("../../lib/server/env");`)).toHaveLength(1);
    expect(violations("app/api/tasks/route.ts", `import "@/lib/server/db";`)).toEqual([]);
  });

  it("ignores a forbidden module named only in a comment", () => {
    expect(violations("components/a.tsx", `// import "@/lib/server/db";\nexport const A = 1;`)).toEqual([]);
  });

  it("reports a client module that reads process.env", () => {
    expect(violations("components/a.tsx", `"use client";\nexport const u = process.env.API_URL;`)).toEqual([
      "components/a.tsx: a client module reads process.env or names the token",
    ]);
    expect(violations("components/a.tsx", `export const u = process.env.API_URL;`)).toEqual([]);
  });

  it("keeps lib/server's imports pointing down its layers", () => {
    // tasks/ may use media/ and db/; db/ may not use tasks/, and platform/ uses no other folder.
    expect(
      violations("lib/server/tasks/a.ts", `import { b } from "../media/storage";\nimport "@/lib/server/db";`),
    ).toEqual([]);
    expect(violations("lib/server/db/a.ts", `import { lifecycle } from "../tasks/lifecycle";`)).toEqual([
      expect.stringMatching(
        /^lib\/server\/db\/a\.ts: imports \.\.\/tasks\/lifecycle \(lib\/server\/db\/ may not import lib\/server\/tasks\//,
      ),
    ]);
    expect(violations("lib/server/platform/a.ts", `import type { Db } from "@/lib/server/db/schema";`)).toHaveLength(1);
    // Folders on one layer do not import each other.
    expect(violations("lib/server/bundles/a.ts", `import "../storyboard/boards";`)).toHaveLength(1);
    // A file loose in lib/server, or a folder the layers do not know, is reported.
    expect(violations("lib/server/loose.ts", `export const a = 1;`)).toHaveLength(1);
    expect(violations("lib/server/misc/a.ts", `import "../db";`)).toEqual([
      expect.stringContaining("lib/server/misc/ is not in SERVER_LAYERS"),
    ]);
  });
});
