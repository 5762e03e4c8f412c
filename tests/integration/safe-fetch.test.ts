import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeUpstream } from "../support/fake-upstream";
import { postJson, startStudio, waitFor, type Studio } from "../support/studio";
import { videoRequest } from "../support/requests";

// The studio (production build, real HTTP) never fetches a provider's video link that leads into
// its own network: the archiver records a plain reason and writes nothing, the media proxy
// answers 502 unsafe_url, and the address is never contacted. Origins it trusts still work: the
// upstream's own, one named in STUDIO_FETCH_ALLOW_ORIGINS, and the embedded emulator's.

const valid = videoRequest("A kite over a cliff");
const REFUSED_LOOPBACK =
  "The provider's link to this video was refused: it points at a loopback address (this machine), which the studio does not fetch.";
const VIDEO = Buffer.from(Array.from({ length: 40_000 }, (_, i) => (i * 7) % 256));
const ALLOWED_VIDEO = Buffer.from(Array.from({ length: 30_000 }, (_, i) => (i * 13) % 256));

let fake: FakeUpstream;
/** Hosts on this machine; FakeUpstream records every request but those for /video.mp4. */
let privateHost: FakeUpstream;
let allowedHost: FakeUpstream;
let studio: Studio;

const mediaFiles = (s: Studio) => {
  const dir = path.join(s.dataDir, "media");
  return fs.existsSync(dir)
    ? (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
        .filter((e) => e.isFile())
        .map((e) => e.name)
    : [];
};
const task = async (s: Studio, id: string) => (await (await fetch(`${s.url}/api/tasks/${id}`)).json()).task;

/** A task the fake provider finishes with one video at `videoUrl`; resolves once it has succeeded. */
async function finishedWith(videoUrl: string) {
  const created = await postJson(`${studio.url}/api/videos`, valid);
  expect(created.status).toBe(202);
  const upstreamId = created.json.task.upstreamTaskId as string;
  fake.responses.set(upstreamId, {
    success: true,
    task_id: upstreamId,
    data: [{ id: "sora-2:task_ssrf", state: "succeeded", video_url: videoUrl }],
  });
  return waitFor("success", async () => {
    const t = await task(studio, created.json.task.id);
    return t.state === "succeeded" ? t : undefined;
  });
}

const se = () => Math.floor(Date.now() / 1000) + 3600;

beforeAll(async () => {
  [fake, privateHost, allowedHost] = await Promise.all([
    new FakeUpstream().start(),
    new FakeUpstream().start(),
    new FakeUpstream().start(),
  ]);
  fake.videoBytes = VIDEO;
  allowedHost.videoBytes = ALLOWED_VIDEO;
  studio = await startStudio({
    ACEDATACLOUD_API_TOKEN: "ssrf-test-token",
    ACEDATACLOUD_API_BASE_URL: fake.url,
    STUDIO_FETCH_ALLOW_ORIGINS: allowedHost.url,
  });
});

afterAll(async () => {
  await studio?.stop();
  await Promise.all([fake?.stop(), privateHost?.stop(), allowedHost?.stop()]);
});

describe("provider links into the private network", () => {
  it("a video at a loopback address is refused by the archiver and the media proxy: no request, no file, a plain error", async () => {
    // Not /video.mp4, which FakeUpstream serves without recording: a request here is counted.
    const done = await finishedWith(`${privateHost.url}/files/video.mp4?se=${se()}`);
    const videoId = done.videos[0].id as string;
    const video = await waitFor("archive refusal", async () => {
      const v = (await task(studio, done.id)).videos[0];
      return v.archiveError ? v : undefined;
    });
    expect(video).toMatchObject({ archived: false, size: null, archiveError: REFUSED_LOOPBACK });

    const proxied = await fetch(`${studio.url}/api/media/${videoId}`);
    expect(proxied.status).toBe(502);
    expect(await proxied.json()).toMatchObject({ error: { code: "unsafe_url", message: REFUSED_LOOPBACK } });
    const ranged = await fetch(`${studio.url}/api/media/${videoId}`, { headers: { range: "bytes=0-99" } });
    expect(ranged.status).toBe(502);
    await ranged.body?.cancel();

    expect(privateHost.requests).toEqual([]);
    expect(mediaFiles(studio).filter((name) => name.startsWith(videoId))).toEqual([]);
    // The message names neither the address nor the port.
    expect(REFUSED_LOOPBACK).not.toContain(new URL(privateHost.url).port);
  });

  it("the cloud metadata address is refused the same way", async () => {
    const done = await finishedWith("http://169.254.169.254/latest/meta-data/iam/security-credentials/");
    const proxied = await fetch(`${studio.url}/api/media/${done.videos[0].id}`);
    expect(proxied.status).toBe(502);
    expect((await proxied.json()).error).toEqual({
      code: "unsafe_url",
      message:
        "The provider's link to this video was refused: it points at a link-local address (such as a cloud metadata service), which the studio does not fetch.",
      requestId: expect.any(String),
    });
  });

  it("a video on the upstream's own origin, and on an origin in STUDIO_FETCH_ALLOW_ORIGINS, is archived and served", async () => {
    // Each host serves its own bytes: the archived copy shows which one was fetched.
    for (const [base, bytes] of [
      [fake.url, VIDEO],
      [allowedHost.url, ALLOWED_VIDEO],
    ] as const) {
      const done = await finishedWith(`${base}/video.mp4?se=${se()}`);
      const videoId = done.videos[0].id as string;
      const video = await waitFor("archived", async () => {
        const v = (await task(studio, done.id)).videos[0];
        return v.archived ? v : undefined;
      });
      expect(video).toMatchObject({ archived: true, size: bytes.length, archiveError: null });
      const served = await fetch(`${studio.url}/api/media/${videoId}`);
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    }
    expect(privateHost.requests).toEqual([]);
  });
});

describe("the embedded emulator", () => {
  let emulated: Studio;
  afterAll(async () => {
    await emulated?.stop();
  });

  it("its videos (on this machine, at the internal URL) are still served and archived", async () => {
    emulated = await startStudio({ EMULATOR_LATENCY_MS: "1000" });
    const created = await postJson(`${emulated.url}/api/videos`, { ...valid, prompt: "A kite, emulated" });
    expect(created.status).toBe(202);
    const done = await waitFor("success", async () => {
      const t = await task(emulated, created.json.task.id);
      return t.state === "succeeded" ? t : undefined;
    });
    const videoId = done.videos[0].id as string;
    const proxied = await fetch(`${emulated.url}/api/media/${videoId}`, { headers: { range: "bytes=0-15" } });
    expect([200, 206]).toContain(proxied.status);
    expect(
      Buffer.from(await proxied.arrayBuffer())
        .subarray(4, 8)
        .toString("latin1"),
    ).toBe("ftyp");
    const video = await waitFor("archived", async () => {
      const v = (await task(emulated, done.id)).videos[0];
      return v.archived ? v : undefined;
    });
    expect(video).toMatchObject({ archived: true, archiveError: null });
    expect(fs.existsSync(path.join(emulated.dataDir, "media", "videos", `${videoId}.mp4`))).toBe(true);
  });
});
