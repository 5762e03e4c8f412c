import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { insertSucceededVideo } from "../support/videos";

// A production machine without ffmpeg: archiving works exactly as before, videos simply have
// no poster (the route says 404, the task says null), the backfill does nothing, and the
// missing tool is logged once, not once per video.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-no-ffmpeg-"));
const emptyBin = fs.mkdtempSync(path.join(os.tmpdir(), "studio-empty-bin-"));
const savedPath = process.env.PATH;
process.env.STUDIO_DATA_DIR = dataDir;
process.env.LOG_LEVEL = "warn";
// Only ffmpeg's lookup depends on PATH here: node is already running, and nothing else is spawned.
process.env.PATH = emptyBin;

const { archiveDue, archiveKey } = await import("@/lib/server/media/archive");
const { db } = await import("@/lib/server/db");
const repo = await import("@/lib/server/db/tasks-repo");
const { backfillPosters, ffmpegAvailable, posterKey } = await import("@/lib/server/media/posters");
const posterRoute = await import("@/app/api/media/[videoId]/poster/route");

const VIDEO = fs.readFileSync(path.resolve("lib/emulator/assets/landscape-small-10s.mp4"));
let source: http.Server;
let url = "";

beforeAll(async () => {
  source = http.createServer(
    (_req, res) =>
      void res.writeHead(200, { "content-type": "video/mp4", "content-length": String(VIDEO.length) }).end(VIDEO),
  );
  await new Promise<void>((resolve) => source.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(source.address() as AddressInfo).port}/v.mp4`;
  // The test trusts its provider on loopback (the archive refuses loopback otherwise); read by
  // env() on its first call, in the tests' db().
  process.env.STUDIO_FETCH_ALLOW_ORIGINS = new URL(url).origin;
});

afterAll(async () => {
  process.env.PATH = savedPath;
  source?.close();
  await (await db()).destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(emptyBin, { recursive: true, force: true });
});

async function succeededVideo(): Promise<{ taskId: string; videoId: string }> {
  return insertSucceededVideo(await db(), url, new Date(Date.now() + 3600_000).toISOString());
}

describe("without ffmpeg on the PATH", () => {
  it("archives as always, with no poster and one log line saying why", async () => {
    const warnings = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const first = await succeededVideo();
      const second = await succeededVideo();
      const round = await archiveDue();
      expect(round.started.sort()).toEqual([first.videoId, second.videoId].sort());
      expect((await round.done).map((o) => ({ archived: o.archived, poster: o.poster, error: o.error }))).toEqual([
        { archived: true, poster: false, error: undefined },
        { archived: true, poster: false, error: undefined },
      ]);
      expect(await ffmpegAvailable()).toBe(false);
      expect((await backfillPosters()).started).toEqual([]);

      const lines = warnings.mock.calls.map(([line]) => String(line)).filter((line) => line.includes("ffmpeg"));
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({
        level: "warn",
        msg: expect.stringMatching(/^posters are off: ffmpeg is not on the PATH/),
      });
    } finally {
      warnings.mockRestore();
    }
  });

  it("the video plays from the archive; its poster is a 404 and the task says posterUrl null", async () => {
    const { taskId, videoId } = await succeededVideo();
    await (await archiveDue()).done;
    expect(fs.readFileSync(path.join(dataDir, "media", archiveKey(videoId))).equals(VIDEO)).toBe(true);
    expect(fs.existsSync(path.join(dataDir, "media", posterKey(archiveKey(videoId))))).toBe(false);
    const task = await repo.findTask(await db(), taskId);
    expect(task?.videos[0]).toMatchObject({ archived: true, posterUrl: null });
    const res = await posterRoute.GET(new Request(`http://studio.test/api/media/${videoId}/poster`), {
      params: Promise.resolve({ videoId }),
    });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("poster_not_ready");
    // Not counted as failed tries: once ffmpeg is installed, the backfill makes them all.
    const row = await (await db())
      .selectFrom("videos")
      .select(["poster_attempts"])
      .where("id", "=", videoId)
      .executeTakeFirstOrThrow();
    expect(row.poster_attempts).toBe(0);
  });
});
