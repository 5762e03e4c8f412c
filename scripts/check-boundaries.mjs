// Enforces the import boundaries of shared/architecture.md: the browser side never imports
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
  for (const rule of rules) {
    for (const spec of specs) if (rule.forbid.test(spec)) violations.push(`${relPath}: imports ${spec} (${rule.why})`);
  }
  if (/^\s*["']use client["']/.test(source) && /process\.env\.|ACEDATACLOUD_API_TOKEN/.test(source)) {
    violations.push(`${relPath}: a client module reads process.env or names the token`);
  }
  return violations;
}

export function findViolations() {
  const violations = [];
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
