import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [
      { find: "@", replacement: path.resolve(import.meta.dirname) },
      // `server-only` throws outside Next's server bundles; tests run server code directly.
      { find: "server-only", replacement: path.resolve(import.meta.dirname, "tests/support/empty.ts") },
    ],
  },
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Most integration files wait on a studio over HTTP rather than compute, so more files run at
    // once than there are cores (vitest's default is one fewer than the cores: 1 on 2 cores).
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? 3),
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
  },
});
