import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasFfprobe, probeVideo } from "../support/ffprobe";
import { fetchTask, postJson, startStudio, waitFor, type Studio } from "../support/studio";
import { videoRequest } from "../support/requests";
import { pickHeaders } from "../support/answer";

// The video archive end to end: the studio (production build, real HTTP) on its emulator
// copies each finished video into STUDIO_DATA_DIR and keeps serving it, with full Range
// semantics, after the provider's signed URL has expired; a download cut mid-stream is
// retried and never served as if it were whole.

const LATENCY = 1500;
// Long enough for a cut download's first retry (5 s later) to fall inside the link's life.
const URL_TTL_S = 12;
const AUTH = { authorization: "Bearer any-token" };
const valid = videoRequest("A paper boat on a puddle");
let studio: Studio;

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const media = (videoId: string) => `${studio.url}/api/media/${videoId}`;
const archivedFile = (videoId: string) => path.join(studio.dataDir, "media", "videos", `${videoId}.mp4`);
const tempFiles = () =>
  fs.existsSync(path.join(studio.dataDir, "media", ".tmp"))
    ? fs.readdirSync(path.join(studio.dataDir, "media", ".tmp"))
    : [];

/** Waits until the task's first video is `ready`, and returns that video. */
function firstVideoOnce(what: string, taskId: string, ready: (video: any) => boolean, everyMs?: number) {
  return waitFor(
    what,
    async () => {
      const video = (await fetchTask(studio, taskId)).videos[0];
      return ready(video) ? video : undefined;
    },
    20_000,
    everyMs,
  );
}

/** The provider's signed URL for a task, straight from the emulator (the studio never shows it). */
async function providerUrl(upstreamTaskId: string): Promise<string> {
  const record = await postJson(
    `${studio.url}/api/emulator/sora/tasks`,
    { action: "retrieve", id: upstreamTaskId },
    AUTH,
  );
  return record.json.response.data[0].video_url as string;
}

async function bytesOf(res: Response) {
  return Buffer.from(await res.arrayBuffer());
}

async function generate(prompt: string) {
  const created = await postJson(`${studio.url}/api/videos`, { ...valid, prompt });
  expect(created.status).toBe(202);
  return waitFor("success", async () => {
    const t = await fetchTask(studio, created.json.task.id);
    return t.state === "succeeded" ? t : undefined;
  });
}

beforeAll(async () => {
  // Rendered videos: the range and cut-download cases need a file larger than the small bundled clip.
  studio = await startStudio({
    EMULATOR_LATENCY_MS: String(LATENCY),
    EMULATOR_URL_TTL_S: String(URL_TTL_S),
    EMULATOR_RENDER: "ffmpeg",
  });
});
afterAll(async () => {
  await studio?.stop();
});

describe("video archive", () => {
  let archived: { videoId: string; expiresAt: string; original: Buffer; url: string };

  it("archives a generated video: same size and bytes as the provider's file, and it plays", async () => {
    const done = await generate("A paper boat, archived");
    const videoId = done.videos[0].id as string;
    const url = await providerUrl(done.upstreamTaskId);
    const original = await bytesOf(await fetch(url));
    expect(original.length).toBeGreaterThan(10_000);

    const video = await firstVideoOnce("archived", done.id, (v) => v.archived);
    expect(video).toMatchObject({
      archived: true,
      size: original.length,
      archiveError: null,
      url: `/api/media/${videoId}`,
    });
    const stored = fs.readFileSync(archivedFile(videoId));
    expect(sha(stored)).toBe(sha(original));
    expect(tempFiles()).toEqual([]);
    if (hasFfprobe) {
      const probe = probeVideo(archivedFile(videoId));
      expect(probe.codec).toBe("h264");
      expect(probe.duration).toBeGreaterThan(9);
    }
    archived = { videoId, expiresAt: video.expiresAt, original, url };
  });

  it("a cut download is retried and ends archived with the right checksum; meanwhile no partial copy is served", async () => {
    const armed = await postJson(
      `${studio.url}/api/emulator/faults`,
      { faults: [{ on: "file", code: "cut", afterBytes: 40_000, times: 1 }] },
      AUTH,
    );
    expect(armed.status).toBe(200);
    const done = await generate("A paper boat, cut off");
    const videoId = done.videos[0].id as string;

    const failed = await firstVideoOnce("the first attempt to fail", done.id, (v) => Boolean(v.archiveError), 100);
    expect(failed.archived).toBe(false);
    expect(failed.size).toBeNull();
    expect(failed.archiveError).toMatch(/^The download broke off after /);
    // Nothing that looks like a copy: no file under its key, no temp file left over.
    expect(fs.existsSync(archivedFile(videoId))).toBe(false);
    expect(tempFiles()).toEqual([]);

    // The fault is spent: the provider's file is whole again, and the media route (not archived
    // yet) proxies exactly those bytes, with short-lived caching, never the archive's headers.
    const original = await bytesOf(await fetch(await providerUrl(done.upstreamTaskId)));
    const proxied = await fetch(media(videoId));
    expect(proxied.status).toBe(200);
    expect(proxied.headers.get("cache-control")).toBe("private, max-age=300");
    expect(sha(await bytesOf(proxied))).toBe(sha(original));

    const video = await firstVideoOnce("the retry to archive it", done.id, (v) => v.archived);
    expect(video).toMatchObject({ archived: true, size: original.length, archiveError: null });
    expect(sha(fs.readFileSync(archivedFile(videoId)))).toBe(sha(original));
    const head = await fetch(media(videoId), { method: "HEAD" });
    expect(head.headers.get("etag")).toBe(`"${sha(original)}"`);
  });

  it("keeps serving the archived copy after the provider's URL has expired, with full HTTP semantics", async () => {
    const { videoId, original } = archived;
    const wait = Date.parse(archived.expiresAt) + 1_500 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    expect((await fetch(archived.url)).status).toBe(403);
    const size = original.length;
    const etag = `"${sha(original)}"`;

    const head = await fetch(media(videoId), { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(
      pickHeaders(head.headers, ["content-type", "accept-ranges", "etag", "cache-control", "content-disposition"]),
    ).toEqual({
      "content-type": "video/mp4",
      "accept-ranges": "bytes",
      etag,
      "cache-control": "private, max-age=31536000, immutable",
      "content-disposition": `inline; filename="sora-${videoId}.mp4"`,
    });
    expect(head.headers.get("last-modified")).toMatch(/GMT$/);
    expect((await head.arrayBuffer()).byteLength).toBe(0);

    const full = await fetch(media(videoId));
    expect(full.status).toBe(200);
    expect(full.headers.get("etag")).toBe(etag);
    expect(sha(await bytesOf(full))).toBe(sha(original));

    const part = await fetch(media(videoId), { headers: { range: "bytes=1000-65535" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 1000-65535/${size}`);
    expect((await bytesOf(part)).equals(original.subarray(1000, 65536))).toBe(true);

    const open = await fetch(media(videoId), { headers: { range: `bytes=${size - 10}-` } });
    expect(open.status).toBe(206);
    expect((await bytesOf(open)).equals(original.subarray(size - 10))).toBe(true);

    const suffix = await fetch(media(videoId), { headers: { range: "bytes=-500" } });
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get("content-range")).toBe(`bytes ${size - 500}-${size - 1}/${size}`);
    expect((await bytesOf(suffix)).equals(original.subarray(size - 500))).toBe(true);

    const beyond = await fetch(media(videoId), { headers: { range: `bytes=${size}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${size}`);
    expect((await beyond.arrayBuffer()).byteLength).toBe(0);

    const cached = await fetch(media(videoId), { headers: { "if-none-match": `"something-else", ${etag}` } });
    expect(cached.status).toBe(304);
    expect(cached.headers.get("etag")).toBe(etag);
    expect((await cached.arrayBuffer()).byteLength).toBe(0);
    const stale = await fetch(media(videoId), { headers: { "if-none-match": '"something-else"' } });
    expect(stale.status).toBe(200);
    await stale.body?.cancel();

    // If-Range: the range holds only for the copy the client has; a different tag gets the whole file.
    const sameCopy = await fetch(media(videoId), { headers: { range: "bytes=0-99", "if-range": etag } });
    expect(sameCopy.status).toBe(206);
    expect((await bytesOf(sameCopy)).equals(original.subarray(0, 100))).toBe(true);
    const otherCopy = await fetch(media(videoId), { headers: { range: "bytes=0-99", "if-range": '"an-older-copy"' } });
    expect(otherCopy.status).toBe(200);
    expect(sha(await bytesOf(otherCopy))).toBe(sha(original));

    const headRange = await fetch(media(videoId), { method: "HEAD", headers: { range: "bytes=10-19" } });
    expect(headRange.status).toBe(206);
    expect(headRange.headers.get("content-range")).toBe(`bytes 10-19/${size}`);
    expect((await headRange.arrayBuffer()).byteLength).toBe(0);
  });

  it("an unknown video is a 404 with the error body", async () => {
    const res = await fetch(media("00000000-0000-0000-0000-000000000000"));
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("not_found");
  });
});
