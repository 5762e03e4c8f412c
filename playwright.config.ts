import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./e2e/support/chromium.mjs";
import { TEAM_ADMIN } from "./e2e/support/team-accounts";

// E2E against the production build in Debian chromium (Playwright's own browser download
// does not work on this machine). The server runs on the embedded emulator, no token set.

const port = Number(process.env.E2E_PORT ?? 3311);
// Team mode (STUDIO_AUTH=on) runs as a second studio next to the first.
const teamPort = port + 1;
// The specs run in two halves side by side, each on a studio of its own (so neither sees the
// other's tasks), in one worker each: inside a half, files still run one after another.
const secondPort = port + 2;
const SECOND_HALF = [
  "accessibility.spec.ts",
  "csp.spec.ts",
  "composer-comfort.spec.ts",
  "gallery-media.spec.ts",
  "library.spec.ts",
  "language.spec.ts",
  "studio.spec.ts",
  "portability.spec.ts",
  "states.spec.ts",
  "theme.spec.ts",
];
// A fresh data directory per run and studio, so the first test sees a truly empty studio.
const dataDir = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `studio-e2e-${name}-`));

/** A production studio on `port` on the emulator; `env` holds what sets this one apart. */
function studio(port: number, env: Record<string, string>) {
  return {
    command: `node node_modules/next/dist/bin/next start -p ${port} -H 127.0.0.1`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      ...env,
      POLL_INTERVAL_MS: "300",
      UPSTREAM_MIN_SUBMIT_INTERVAL_MS: "0",
      // Real MP4s of the asked shape and length, answered without a render: what the emulator
      // draws on them is tested by the integration suite (tests/integration/emulator.test.ts).
      EMULATOR_RENDER: "bundled",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
    },
  };
}

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e-artifacts",
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  // One worker per studio (each project below allows one): the two halves and team mode at once.
  workers: 3,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"],
    },
  },
  projects: [
    // The newcomer flow needs the studio empty, so it runs first, alone.
    { name: "fresh-studio", testMatch: "newcomer.spec.ts", workers: 1, use: { ...devices["Desktop Chrome"] } },
    {
      name: "chromium",
      testIgnore: ["newcomer.spec.ts", "team.spec.ts", ...SECOND_HALF],
      dependencies: ["fresh-studio"],
      workers: 1,
      use: { ...devices["Desktop Chrome"] },
    },
    {
      name: "chromium-2",
      testMatch: SECOND_HALF,
      workers: 1,
      use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${secondPort}` },
    },
    {
      name: "team",
      testMatch: "team.spec.ts",
      workers: 1,
      use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${teamPort}` },
    },
  ],
  webServer: [
    ...[port, secondPort].map((at) =>
      studio(at, {
        STUDIO_DATA_DIR: dataDir(String(at)),
        EMULATOR_LATENCY_MS: "3000",
        // Callbacks on, as in a deployment with a public URL: the emulator calls the studio back.
        STUDIO_PUBLIC_URL: `http://127.0.0.1:${at}`,
        // Event streams end every few seconds (as behind a strict proxy): the page must resume without losing anything.
        SSE_MAX_STREAM_MS: "4000",
      }),
    ),
    studio(teamPort, {
      STUDIO_DATA_DIR: dataDir("team"),
      STUDIO_AUTH: "on",
      STUDIO_SESSION_SECRET: "e2e-team-session-secret-0123456789abcdef",
      STUDIO_ADMIN_EMAIL: TEAM_ADMIN.email,
      STUDIO_ADMIN_PASSWORD: TEAM_ADMIN.password,
      EMULATOR_LATENCY_MS: "2000",
    }),
  ],
});
