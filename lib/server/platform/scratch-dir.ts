import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Temporary directories for one ffmpeg job each (a film, a poster, a continuity frame). A job
// removes its own when it ends; one killed outright (kill -9, out of memory) cannot, so the
// worker sweeps those left behind. A directory is left behind when nothing in it has been
// written for a long while: a live job writes all the time (downloads, ffmpeg's output), so
// this is safe even when several studios share the machine's temp directory.

export type ScratchKind = "film" | "poster" | "frame";
const PREFIX = "studio-";
const KINDS: readonly ScratchKind[] = ["film", "poster", "frame"];
/** Quiet for this long, a directory belongs to no running job. */
export const SCRATCH_STALE_MS = 30 * 60_000;

export const makeScratchDir = (kind: ScratchKind, root = os.tmpdir()): Promise<string> =>
  fs.promises.mkdtemp(path.join(root, `${PREFIX}${kind}-`));

export const removeScratchDir = (dir: string): Promise<void> =>
  fs.promises.rm(dir, { recursive: true, force: true }).catch(() => undefined);

/** Removes the scratch directories nothing has written to for `staleMs`; returns how many. */
export async function sweepScratchDirs(
  now = new Date(),
  staleMs = SCRATCH_STALE_MS,
  root = os.tmpdir(),
): Promise<number> {
  const names = await fs.promises.readdir(root).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    if (!KINDS.some((kind) => name.startsWith(`${PREFIX}${kind}-`))) continue;
    const dir = path.join(root, name);
    const lastWrite = await lastWriteMs(dir);
    if (lastWrite === undefined || now.getTime() - lastWrite < staleMs) continue;
    await removeScratchDir(dir);
    removed++;
  }
  return removed;
}

/** The latest change to the directory or a file in it (jobs keep their files at the top level). */
async function lastWriteMs(dir: string): Promise<number | undefined> {
  const own = await fs.promises.lstat(dir).catch(() => undefined);
  if (!own?.isDirectory()) return undefined;
  let latest = own.mtimeMs;
  for (const entry of await fs.promises.readdir(dir).catch(() => [] as string[])) {
    const stat = await fs.promises.lstat(path.join(dir, entry)).catch(() => undefined);
    if (stat) latest = Math.max(latest, stat.mtimeMs);
  }
  return latest;
}
