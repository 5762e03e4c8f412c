// Enforces the import boundaries of shared/architecture.md: the browser side never imports
// server code, the schemas stay dependency-free, and the emulator and the server reach each
// other only over HTTP. Prints each violation; exit code 1 when there is any.
import fs from "node:fs";
import path from "node:path";

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

export function findViolations() {
  const violations = [];
  for (const rule of RULES) {
    for (const file of files(path.join(root, rule.from))) {
      const source = fs.readFileSync(file, "utf8");
      for (const match of source.matchAll(
        /(?:import|export)[^"']*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
      )) {
        const spec = match[1] ?? match[2];
        if (rule.forbid.test(spec)) violations.push(`${path.relative(root, file)}: imports ${spec} (${rule.why})`);
      }
      if (/^\s*["']use client["']/.test(source) && /process\.env\.|ACEDATACLOUD_API_TOKEN/.test(source)) {
        violations.push(`${path.relative(root, file)}: a client module reads process.env or names the token`);
      }
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
