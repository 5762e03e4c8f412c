import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { Kysely } from "kysely";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/schema";
import { insertSucceededVideo } from "../support/videos";

// Posters with the real ffmpeg: a real MP4 from the emulator's assets is archived, and its
// first frame lands next to the copy as a JPEG at most 480 px wide that decodes; the poster
// route serves it with a strong ETag (200, 304, 404); and videos archived before posters
// existed get theirs from the backfill, a few at a time, giving up on unreadable ones.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-posters-"));
process.env.STUDIO_DATA_DIR = dataDir;
process.env.LOG_LEVEL = "silent";

const { archiveDue, archiveKey } = await import("@/lib/server/media/archive");
const { db } = await import("@/lib/server/db");
const repo = await import("@/lib/server/db/tasks-repo");
const videosRepo = await import("@/lib/server/db/videos-repo");
const { backfillPosters, posterKey, POSTER_MAX_ATTEMPTS } = await import("@/lib/server/media/posters");
const { videoStorage } = await import("@/lib/server/media/storage");
const posterRoute = await import("@/app/api/media/[videoId]/poster/route");

const ASSETS = path.resolve("lib/emulator/assets");
const PORTRAIT = path.join(ASSETS, "portrait-large-15s.mp4"); // 1024 × 1792
const LANDSCAPE = path.join(ASSETS, "landscape-small-10s.mp4"); // 1280 × 720

let database: Kysely<Database>;
let source: http.Server;
let sourceBase = "";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const stored = (key: string) => path.join(dataDir, "media", key);
const row = (id: string) => database.selectFrom("videos").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const inHour = () => new Date(Date.now() + 3600_000).toISOString();

beforeAll(async () => {
  // The provider: serves an asset by name, as a signed URL would.
  source = http.createServer((req, res) => {
    const file = path.join(ASSETS, path.basename(new URL(req.url ?? "/", "http://x").pathname));
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    const bytes = fs.readFileSync(file);
    res.writeHead(200, { "content-type": "video/mp4", "content-length": String(bytes.length) }).end(bytes);
  });
  await new Promise<void>((resolve) => source.listen(0, "127.0.0.1", resolve));
  sourceBase = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
  // The test trusts its provider on loopback (the archive refuses loopback otherwise); read by
  // env() on its first call, in db() just below.
  process.env.STUDIO_FETCH_ALLOW_ORIGINS = sourceBase;
  database = await db();
});

afterAll(async () => {
  source?.close();
  await database?.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A succeeded task with one (not yet archived) video at `url`. */
async function succeededVideo(url: string): Promise<{ taskId: string; videoId: string }> {
  return insertSucceededVideo(database, url, inHour());
}

/** A video archived before posters existed: its copy is in storage, its row has no poster. */
async function archivedWithoutPoster(bytes: Buffer): Promise<string> {
  const { videoId } = await succeededVideo("https://provider.invalid/v.mp4");
  const key = archiveKey(videoId);
  const copy = await videoStorage().put(key, Readable.toWeb(Readable.from([bytes])) as ReadableStream<Uint8Array>);
  await videosRepo.recordArchived(database, videoId, {
    key,
    ...copy,
    contentType: "video/mp4",
    at: new Date().toISOString(),
  });
  // Distinct archive times, so "newest first" has one answer.
  await new Promise((resolve) => setTimeout(resolve, 5));
  return videoId;
}

const getPoster = (videoId: string, headers: Record<string, string> = {}, method = "GET") =>
  posterRoute.GET(new Request(`http://studio.test/api/media/${videoId}/poster`, { method, headers }), {
    params: Promise.resolve({ videoId }),
  });

async function onlyThese(ids: string[]) {
  // Other tests' videos must not be picked by this test's backfill round.
  await database
    .updateTable("videos")
    .set({ poster_attempts: 99 })
    .where("id", "not in", ids)
    .where("poster_key", "is", null)
    .execute();
}

describe("posters", () => {
  let portrait: string;

  it("archiving a real MP4 makes a JPEG of its first frame, 480 px wide, stored next to the copy", async () => {
    const { taskId, videoId } = await succeededVideo(`${sourceBase}/${path.basename(PORTRAIT)}`);
    const startedAt = performance.now();
    const round = await archiveDue();
    expect(round.started).toEqual([videoId]);
    expect(await round.done).toEqual([{ videoId, archived: true, poster: true }]);
    const ms = performance.now() - startedAt;

    const after = await row(videoId);
    const key = posterKey(archiveKey(videoId));
    expect(key).toBe(`videos/${videoId}.mp4.poster.jpg`);
    expect(after).toMatchObject({ archive_key: archiveKey(videoId), poster_key: key, poster_attempts: 0 });
    const jpeg = fs.readFileSync(stored(key));
    expect(after.poster_sha256).toBe(sha(jpeg));
    const meta = await sharp(jpeg).metadata();
    // 1024 × 1792 scaled to 480 wide keeps its shape (even height for the encoder).
    expect(meta).toMatchObject({ format: "jpeg", width: 480, height: 840 });
    // A real picture, not a blank: the first frame has light and dark in it.
    const stats = await sharp(jpeg).stats();
    expect(stats.channels[0]!.max - stats.channels[0]!.min).toBeGreaterThan(50);

    const task = await repo.findTask(database, taskId);
    expect(task?.videos[0]).toMatchObject({ archived: true, posterUrl: `/api/media/${videoId}/poster` });
    console.info(`archive + poster of ${path.basename(PORTRAIT)}: ${Math.round(ms)} ms`);
    portrait = videoId;
  });

  it("GET /api/media/:id/poster: 200 image/jpeg with a strong ETag and long immutable cache, 304 when unchanged", async () => {
    const jpeg = fs.readFileSync(stored(posterKey(archiveKey(portrait))));
    const res = await getPoster(portrait);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    expect(res.headers.get("etag")).toBe(`"${sha(jpeg)}"`);
    expect(res.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await res.arrayBuffer()).equals(jpeg)).toBe(true);

    const again = await getPoster(portrait, { "if-none-match": `"${sha(jpeg)}"` });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const other = await getPoster(portrait, { "if-none-match": '"something-else"' });
    expect(other.status).toBe(200);
    const head = await getPoster(portrait, {}, "HEAD");
    expect(head.status).toBe(200);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it("GET /api/media/:id/poster: 404 with an error body while there is none, and for an unknown video", async () => {
    const { videoId } = await succeededVideo("https://provider.invalid/none.mp4");
    const none = await getPoster(videoId);
    expect(none.status).toBe(404);
    expect((await none.json()).error).toMatchObject({
      code: "poster_not_ready",
      message: "This video has no poster yet.",
    });
    const unknown = await getPoster(randomUUID());
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("not_found");
  });

  it("the backfill gives videos archived before posters theirs, newest first, a batch at a time", async () => {
    const older = await archivedWithoutPoster(fs.readFileSync(LANDSCAPE));
    const newer = await archivedWithoutPoster(fs.readFileSync(PORTRAIT));
    const third = await archivedWithoutPoster(fs.readFileSync(LANDSCAPE));
    await onlyThese([older, newer, third]);
    expect((await getPoster(older)).status).toBe(404);

    const first = await backfillPosters(2);
    expect(first.started).toEqual([third, newer]);
    expect(await first.done).toEqual([true, true]);
    const second = await backfillPosters(2);
    expect(second.started).toEqual([older]);
    expect(await second.done).toEqual([true]);
    expect((await backfillPosters(2)).started).toEqual([]);

    const landscape = await sharp(fs.readFileSync(stored(posterKey(archiveKey(older))))).metadata();
    expect(landscape).toMatchObject({ format: "jpeg", width: 480, height: 270 });
    const res = await getPoster(older);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
  });

  it("an archived copy ffmpeg cannot read gets no poster; tries are counted and stop after a few", async () => {
    const broken = await archivedWithoutPoster(randomBytes(50_000));
    await onlyThese([broken]);
    for (let attempt = 1; attempt <= POSTER_MAX_ATTEMPTS; attempt++) {
      const round = await backfillPosters();
      expect(round.started).toEqual([broken]);
      expect(await round.done).toEqual([false]);
      expect((await row(broken)).poster_attempts).toBe(attempt);
    }
    expect((await backfillPosters()).started).toEqual([]);
    expect((await row(broken)).poster_key).toBeNull();
    // Nothing half-made is left in storage, and the copy itself is untouched.
    expect(fs.existsSync(stored(posterKey(archiveKey(broken))))).toBe(false);
    expect(fs.existsSync(stored(archiveKey(broken)))).toBe(true);
    expect((await getPoster(broken)).status).toBe(404);
  });
});
