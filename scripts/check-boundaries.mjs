// Enforces the import boundaries of docs/architecture.md: the browser side never imports
// server code, the schemas stay dependency-free, and the emulator and the server reach each
// other only over HTTP. Prints each violation; exit code 1 when there is any.
//
// Imports are read by TypeScript's parser, not a regex, so every form counts: side-effect
// imports (`import "x"`), `import type`, `export * from`, `export { a } from`, multi-line
// forms, `import x = require("x")`, `import("x")`, `require("x")` and `typeof import("x")`
// types; a module name in a comment or an ordinary string is not an import.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const root = path.resolve(import.meta.dirname, "..");

const RULES = [
  { from: "components/", forbid: /@\/lib\/server\/|\/lib\/server\//, why: "components must not import server code" },
  { from: "lib/query/", forbid: /@\/lib\/server\/|\/lib\/server\//, why: "lib/query runs in the browser" },
  {
    from: "lib/schemas/",
    forbid: /@\/(?!lib\/schemas\/)|\.\.\//,
    why: "lib/schemas ships to the browser: it imports only its own files",
  },
  { from: "lib/server/", forbid: /lib\/emulator\//, why: "the server reaches the emulator over HTTP only" },
  { from: "lib/emulator/", forbid: /lib\/server\//, why: "the emulator must not use the studio's server code" },
];

/**
 * lib/server's folders, lowest first: a folder imports only itself and the folders before it
 * (folders on one line import neither each other nor anything after them).
 */
export const SERVER_LAYERS = [
  ["platform"],
  ["db", "catalog"],
  ["auth"],
  ["http"],
  ["upstream"],
  ["media"],
  ["tasks"],
  ["prompts", "bundles", "storyboard"],
  ["jobs"],
];

const layerIndex = new Map(SERVER_LAYERS.flatMap((folders, i) => folders.map((folder) => [folder, i])));

/** The repository path a specifier names (`@/…` or relative), or undefined for a package. */
export function resolveSpecifier(relPath, spec) {
  let base;
  if (spec.startsWith("@/")) base = spec.slice(2);
  else if (spec.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(relPath), spec));
  else return undefined;
  for (const suffix of ["", ".ts", ".tsx", ".mjs", ".js", "/index.ts", "/index.tsx"]) {
    if (fs.existsSync(path.join(root, base + suffix)) && fs.statSync(path.join(root, base + suffix)).isFile())
      return base + suffix;
  }
  return base;
}

/** The lib/server folder of a repository path, or undefined outside lib/server's folders. */
function serverFolderOf(repoPath) {
  return /^lib\/server\/([^/]+)\//.exec(repoPath)?.[1];
}

/** Why an import from `relPath` to `target` goes up (or across) the layers, or undefined when it goes down. */
export function layerProblem(relPath, target) {
  const from = serverFolderOf(relPath);
  const to = serverFolderOf(target);
  if (!from || !to || from === to) return undefined;
  const a = layerIndex.get(from);
  const b = layerIndex.get(to);
  if (a === undefined) return `lib/server/${from}/ is not in SERVER_LAYERS`;
  if (b === undefined) return `lib/server/${to}/ is not in SERVER_LAYERS`;
  if (b < a) return undefined;
  return `lib/server/${from}/ may not import lib/server/${to}/ (the layers go platform → db → auth → http → upstream → media → tasks → prompts, bundles, storyboard → jobs)`;
}

function* files(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (/\.(ts|tsx|mjs|js)$/.test(entry.name)) yield full;
  }
}

function scriptKind(fileName) {
  if (fileName.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (fileName.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** A string literal's text, or undefined for anything else (a template with `${}` is not a module name). */
function literalText(node) {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

/** The module specifiers a source file imports or re-exports, in source order. */
export function importsOf(source, fileName = "module.ts") {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, scriptKind(fileName));
  const specs = [];
  const add = (node) => {
    const text = literalText(node);
    if (text !== undefined) specs.push(text);
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      // `import … from "x"`, `import "x"`, `import type …`, `export * from "x"`, `export { a } from "x"`.
      add(node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node)) {
      // `import x = require("x")` (not `import x = Namespace.y`).
      if (ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const dynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const requireCall = ts.isIdentifier(callee) && callee.text === "require" && node.arguments.length === 1;
      if (dynamicImport || requireCall) add(node.arguments[0]);
    } else if (ts.isImportTypeNode(node)) {
      // `typeof import("x")` and `import("x").T` in a type.
      if (ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return specs;
}

/** The violations of one file, by its path from the repository root (with forward slashes). */
export function violationsIn(relPath, source) {
  const rules = RULES.filter((rule) => relPath.startsWith(rule.from));
  if (rules.length === 0) return [];
  const violations = [];
  const specs = importsOf(source, relPath);
  if (relPath.startsWith("lib/server/")) {
    if (!serverFolderOf(relPath)) violations.push(`${relPath}: lib/server's code lives in its folders (SERVER_LAYERS)`);
    for (const spec of specs) {
      const target = resolveSpecifier(relPath, spec);
      const problem = target && layerProblem(relPath, target);
      if (problem) violations.push(`${relPath}: imports ${spec} (${problem})`);
    }
  }
  for (const rule of rules) {
    for (const spec of specs) if (rule.forbid.test(spec)) violations.push(`${relPath}: imports ${spec} (${rule.why})`);
  }
  if (/^\s*["']use client["']/.test(source) && /process\.env\.|ACEDATACLOUD_API_TOKEN/.test(source)) {
    violations.push(`${relPath}: a client module reads process.env or names the token`);
  }
  return violations;
}

/**
 * Import cycles among lib/server's modules (type-only imports included: a cycle of types is a
 * tangle too), each as the list of files around it.
 */
export function serverCycles() {
  const graph = new Map();
  for (const file of files(path.join(root, "lib/server"))) {
    const relPath = path.relative(root, file).split(path.sep).join("/");
    const targets = importsOf(fs.readFileSync(file, "utf8"), relPath)
      .map((spec) => resolveSpecifier(relPath, spec))
      .filter((target) => target?.startsWith("lib/server/"));
    graph.set(relPath, targets);
  }
  const cycles = [];
  const state = new Map(); // undefined: not seen, 1: on the path, 2: done
  const stack = [];
  const visit = (node) => {
    state.set(node, 1);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 1) cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (state.get(next) === undefined && graph.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 2);
  };
  for (const node of graph.keys()) if (state.get(node) === undefined) visit(node);
  return cycles;
}

export function findViolations() {
  const violations = serverCycles().map((cycle) => `import cycle: ${cycle.join(" → ")}`);
  for (const rule of RULES) {
    for (const file of files(path.join(root, rule.from))) {
      const relPath = path.relative(root, file).split(path.sep).join("/");
      // Each file once, under the first rule whose folder holds it (violationsIn applies them all).
      if (RULES.find((r) => relPath.startsWith(r.from)) !== rule) continue;
      violations.push(...violationsIn(relPath, fs.readFileSync(file, "utf8")));
    }
  }
  return violations;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const violations = findViolations();
  for (const v of violations) console.error(v);
  console.log(violations.length === 0 ? "import boundaries: ok" : `${violations.length} boundary violation(s)`);
  process.exit(violations.length === 0 ? 0 : 1);
}
