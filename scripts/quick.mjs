// `npm run quick`: the loop for the person at the keyboard. It checks what the uncommitted change
// (against HEAD, untracked files included) most likely broke: types, format + lint of the changed
// files, import boundaries, every unit test, the tests that import a changed module, and the
// studio (over-HTTP) integration tests of the touched area, picked by name. It rebuilds the
// production build first when those need it and it is older than the change. `npm test` stays
// the verdict; this is the two-minute answer before it.
//
//   npm run quick              the change against HEAD
//   npm run quick -- main~3    the change since another commit
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const base = process.argv[2] ?? "HEAD";
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const started = Date.now();
const elapsed = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

const git = (...args) =>
  spawnSync("git", args, { cwd: root, encoding: "utf8" })
    .stdout.split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
const changed = [
  ...new Set([...git("diff", "--name-only", base), ...git("ls-files", "--others", "--exclude-standard")]),
].filter((file) => fs.existsSync(path.join(root, file)));

if (changed.length === 0) {
  console.log(`Nothing changed against ${base}.`);
  process.exit(0);
}
console.log(`${changed.length} changed files against ${base}.`);

/** Runs a command, its output kept and printed whole once it ends (several run side by side). */
function step(label, cmd, args) {
  const since = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, FORCE_COLOR: "1" } });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => {
      const ok = code === 0;
      console.log(`\n=== ${label}: ${ok ? "ok" : "FAILED"} (${elapsed(since)})`);
      if (!ok || process.env.QUICK_VERBOSE) console.log(output.trimEnd());
      resolve(ok);
    });
  });
}

const lintable = changed.filter((file) => /\.(m?[jt]sx?|json|jsonc|css)$/.test(file));
const checks = Promise.all([
  step("types (tsc)", bin("tsc"), ["--noEmit"]),
  lintable.length > 0
    ? step("format + lint (biome, changed files)", bin("biome"), [
        "check",
        "--error-on-warnings",
        "--no-errors-on-unmatched",
        ...lintable,
      ])
    : true,
  step("boundaries", process.execPath, ["scripts/check-boundaries.mjs"]),
]);

// The tests to run: unit tests, the changed tests, the tests whose imports reach a changed module.
const testFiles = new Set(git("ls-files", "tests/unit").filter((file) => file.endsWith(".test.ts")));
for (const file of changed) if (/^tests\/.*\.test\.ts$/.test(file)) testFiles.add(file);
const related = spawnSync(bin("vitest"), ["list", "--changed", base, "--filesOnly"], {
  cwd: root,
  encoding: "utf8",
});
for (const line of related.stdout.split("\n"))
  if (line.trim().endsWith(".test.ts")) testFiles.add(path.relative(root, path.resolve(root, line.trim())));

// Studio tests talk to a built server over HTTP, so no import links them to the code they cover:
// they are picked by the area's name (lib/server/tasks/poller.ts → poller, tasks).
const startsStudio = (file) => /startStudio|studioTargets|studioDatabaseTargets/.test(fs.readFileSync(file, "utf8"));
const studioTests = git("ls-files", "tests/integration").filter(
  (file) => file.endsWith(".test.ts") && startsStudio(path.join(root, file)),
);
const sources = changed.filter((file) => /^(app|lib|components|proxy\.ts|instrumentation\.ts)/.test(file));
const words = new Set(
  sources.flatMap((file) => {
    const parts = file.replace(/\.[^.]+$/, "").split("/");
    return parts.slice(1).filter((part) => part.length > 3 && !part.startsWith("["));
  }),
);
for (const file of studioTests) {
  const name = path.basename(file, ".test.ts");
  if ([...words].some((word) => name.includes(word) || word.includes(name))) testFiles.add(file);
}

const buildId = path.join(root, ".next", "BUILD_ID");
const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
const needsBuild =
  [...testFiles].some((file) => studioTests.includes(file)) &&
  sources.some((file) => fs.statSync(path.join(root, file)).mtimeMs > builtAt);

const checked = await checks;
let ok = checked.every(Boolean);
if (needsBuild) ok = (await step("production build (studio tests need the change)", bin("next"), ["build"])) && ok;
const files = [...testFiles].sort();
const studioCount = files.filter((file) => studioTests.includes(file)).length;
console.log(`\n=== tests: ${files.length} files (${studioCount} over a studio)`);
const tests = spawnSync(bin("vitest"), ["run", "--reporter=dot", ...files], {
  cwd: root,
  stdio: "inherit",
});
ok = tests.status === 0 && ok;
console.log(`\nquick: ${ok ? "ok" : "FAILED"} in ${elapsed(started)} (npm test is the whole verdict)`);
process.exit(ok ? 0 : 1);
