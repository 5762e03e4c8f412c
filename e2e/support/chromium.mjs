// Debian's chromium as the e2e suite (playwright.config.ts, the accessibility audit) and
// scripts/screenshot.mjs launch it: Playwright's own browser download does not work on this
// machine. Plain JavaScript so that the screenshot script, run by node as is, can import it.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags for a headless run in a container: no sandbox or GPU, no background chatter. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-dev-shm-usage",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
