import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeScratchDir, SCRATCH_STALE_MS, sweepScratchDirs } from "@/lib/server/platform/scratch-dir";

// The sweep of temp directories left by jobs killed outright: only the studio's own, only
// those nothing has written to for a long while (a live job writes all the time).

describe("sweepScratchDirs", () => {
  let root: string;
  const now = new Date("2026-12-03T12:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const touch = (target: string, at: Date) => fs.utimesSync(target, at, at);
  /** A directory under root with one file, the file and the directory written at the given times. */
  function dir(name: string, dirAt: Date, fileAt?: Date) {
    const full = path.join(root, name);
    fs.mkdirSync(full);
    if (fileAt) {
      fs.writeFileSync(path.join(full, "film.mp4"), "partial");
      touch(path.join(full, "film.mp4"), fileAt);
    }
    touch(full, dirAt);
    return full;
  }

  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), "scratch-sweep-"))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("removes the studio's directories quiet for longer than the limit, and only those", async () => {
    const stale = [
      dir("studio-film-a1", ago(SCRATCH_STALE_MS + 60_000), ago(SCRATCH_STALE_MS + 60_000)),
      dir("studio-poster-b2", ago(2 * SCRATCH_STALE_MS)),
      dir("studio-frame-c3", ago(3 * SCRATCH_STALE_MS), ago(3 * SCRATCH_STALE_MS)),
    ];
    const kept = [
      dir("studio-film-live", ago(2 * SCRATCH_STALE_MS), ago(1_000)), // an old directory whose film is still being written
      dir("studio-frame-new", ago(60_000)),
      dir("other-app-film-old", ago(5 * SCRATCH_STALE_MS)), // not ours
      dir("studio-uploads-old", ago(5 * SCRATCH_STALE_MS)), // not a scratch kind
    ];
    const file = path.join(root, "studio-film-notadir");
    fs.writeFileSync(file, "x");
    touch(file, ago(5 * SCRATCH_STALE_MS));

    expect(await sweepScratchDirs(now, SCRATCH_STALE_MS, root)).toBe(3);
    for (const d of stale) expect(fs.existsSync(d), d).toBe(false);
    for (const d of kept) expect(fs.existsSync(d), d).toBe(true);
    expect(fs.existsSync(file)).toBe(true);
    // Nothing more to do on a second pass.
    expect(await sweepScratchDirs(now, SCRATCH_STALE_MS, root)).toBe(0);
  });

  it("names a job's directory by its kind, so the sweep can find it", async () => {
    const made = await makeScratchDir("film", root);
    expect(path.basename(made)).toMatch(/^studio-film-/);
    touch(made, ago(SCRATCH_STALE_MS + 1));
    expect(await sweepScratchDirs(now, SCRATCH_STALE_MS, root)).toBe(1);
  });

  it("answers 0 for a temp root that does not exist", async () => {
    expect(await sweepScratchDirs(now, SCRATCH_STALE_MS, path.join(root, "missing"))).toBe(0);
  });
});
