// Pieces several benchmarks share. Nothing here imports the studio's code: a bench that runs
// without the react-server condition (page-cpu, first-load) can use it too.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { performance } from "node:perf_hooks";

/**
 * lib/server marks itself server-only, so a bench that loads it runs under the export condition
 * Next's server bundles use: started without it, the script runs itself again with it (and with
 * `extraNodeFlags`) and exits with that run's status. Call it before importing lib/server.
 */
export function rerunUnderReactServer(extraNodeFlags: string[] = []): void {
  if (process.execArgv.some((a) => a.includes("react-server"))) return;
  const run = spawnSync(
    process.execPath,
    ["--conditions=react-server", ...extraNodeFlags, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: "inherit" },
  );
  process.exit(run.status ?? 1);
}

/** Median and 95th percentile, in ms, of `runs` calls of `fn` after `warmup` untimed ones. */
export async function timeCalls(
  fn: () => Promise<unknown>,
  runs: number,
  warmup = 20,
): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))]!;
  return { p50: at(50), p95: at(95) };
}

/**
 * Calls `each` with the pid and the text of /proc/<pid>/<file> of every process on the machine,
 * skipping the ones that end while they are read.
 */
export function forEachProcess(file: "stat" | "status", each: (pid: number, text: string) => void): void {
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${entry}/${file}`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    each(Number(entry), text);
  }
}
