import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { frameOf, lengthOf, serviceOf } from "@/lib/schemas/catalog";
import { createCall } from "@/lib/schemas/catalog/create-body";
import type { FakeUpstream } from "../support/fake-upstream";
import { hasFfprobe, probeVideo } from "../support/ffprobe";
import { fetchTask, postJson, waitFor, type Studio } from "../support/studio";
import { studioForSuite, studioWithFakeUpstream } from "../support/suite";

// Every AceData video service through the studio: against the embedded emulator (a playable MP4
// of the asked shape comes back), and against a recording fake (the exact path, body and Bearer,
// and each service polled on its own /tasks).

const AUTH = { authorization: "Bearer any-token" };
const IMAGE = "https://example.com/first.png";

/** One request per service, with only what the model needs. */
const ONE_PER_SERVICE: Record<string, unknown>[] = [
  { model: "sora-2", prompt: "A fox in the snow" },
  { model: "veo3-fast", prompt: "A paper boat on a river", aspect_ratio: "9:16" },
  { model: "doubao-seedance-1-0-lite-t2v-250428", prompt: "A lantern festival", duration: 3 },
  { model: "kling-v2-6", prompt: "A horse on a beach", aspect_ratio: "1:1" },
  { model: "wan2.6-t2v", prompt: "A bonsai in the wind", resolution: "480p" },
  { model: "minimax-i2v", prompt: "The portrait smiles", first_frame_url: IMAGE },
  { model: "luma", prompt: "A loop of falling leaves", aspect_ratio: "4:3", loop: true },
];

describe("on the embedded emulator", () => {
  let studio: Studio;
  studioForSuite({ EMULATOR_LATENCY_MS: "300" }, (s) => {
    studio = s;
  });
  const emu = (p: string) => `${studio.url}/api/emulator${p}`;

  it.each(ONE_PER_SERVICE)(
    "$model: {model, prompt} makes a playable video of the asked shape and length",
    async (request) => {
      const res = await postJson(`${studio.url}/api/videos`, request);
      expect(res.status, res.text).toBe(202);
      const id = res.json.task.id as string;
      const task = await waitFor(
        "succeeded",
        async () => {
          const t = await fetchTask(studio, id);
          if (t.state === "failed") throw new Error(JSON.stringify(t.error));
          return t.state === "succeeded" ? t : undefined;
        },
        30_000,
      );
      // The stored request is complete: the model's defaults are written down.
      expect(task.request).toMatchObject(request);
      const media = await fetch(`${studio.url}${task.videos[0].url}`);
      expect(media.status).toBe(200);
      const bytes = Buffer.from(await media.arrayBuffer());
      expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
      if (!hasFfprobe) return;
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "service-video-")), "v.mp4");
      fs.writeFileSync(file, bytes);
      const info = probeVideo(file);
      const frame = frameOf(task.request);
      expect({ width: info.width, height: info.height }).toEqual(frame);
      expect(Math.abs(info.duration - lengthOf(task.request))).toBeLessThan(0.6);
    },
  );

  it("refuses a model's own rule before any upstream call, with the field named", async () => {
    const res = await postJson(`${studio.url}/api/videos`, { model: "kling-v2-6", prompt: "x", resolution: "4k" });
    expect(res.status).toBe(400);
    expect(res.json.error.issues).toContainEqual({
      path: "resolution",
      message: expect.stringContaining("4k needs kling-v3"),
    });
  });

  it("lists the catalog at GET /api/models", async () => {
    const res = await fetch(`${studio.url}/api/models`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.defaultModel).toBe("sora-2");
    expect(body.services.map((s: { service: string }) => s.service)).toEqual([
      "sora",
      "veo",
      "seedance",
      "kling",
      "wan",
      "hailuo",
      "luma",
    ]);
    const veo = body.services[1].models.find((m: { id: string }) => m.id === "veo3-fast");
    expect(veo).toMatchObject({
      durations: { fixed: 8 },
      aspectRatios: ["16:9", "9:16"],
      defaults: { resolution: "1080p" },
    });
  });

  it("answers each service with its own shape; a running record always carries a running state word", async () => {
    const created = await postJson(
      emu("/kling/videos"),
      { action: "text2video", model: "kling-v1", prompt: "A kite", async: true },
      AUTH,
    );
    expect(created.status).toBe(200);
    const id = created.json.task_id as string;
    const first = (await postJson(emu("/kling/tasks"), { action: "retrieve", id }, AUTH)).json;
    expect(first.response).toMatchObject({ task_id: id, state: expect.stringMatching(/^(pending|processing)$/) });
    const done = await waitFor("kling done", async () => {
      const r = (await postJson(emu("/kling/tasks"), { action: "retrieve", id }, AUTH)).json.response;
      return r?.state === "succeed" ? r : undefined;
    });
    expect(done).toMatchObject({
      success: true,
      video_url: expect.stringContaining("/api/emulator/files/"),
      duration: "5.041",
    });
    // A task id is only known to the service that made it.
    const elsewhere = await postJson(emu("/veo/tasks"), { action: "retrieve", id }, AUTH);
    expect(elsewhere.status).toBe(400);
    const batch = await postJson(emu("/veo/tasks"), { action: "retrieve_batch", ids: [id] }, AUTH);
    expect(batch.json).toEqual({ items: [], count: 0 });
  });

  it("Seedance returns the clip's last frame as a JPEG when asked", async () => {
    const created = await postJson(
      emu("/seedance/videos"),
      {
        model: "doubao-seedance-1-0-pro-250528",
        content: [{ type: "text", text: "A tide pool" }],
        duration: 2,
        return_last_frame: true,
        async: true,
      },
      AUTH,
    );
    const id = created.json.task_id as string;
    const entry = await waitFor("seedance done", async () => {
      const r = (await postJson(emu("/seedance/tasks"), { action: "retrieve", id }, AUTH)).json.response;
      return r?.data?.[0]?.status === "succeeded" ? r.data[0] : undefined;
    });
    expect(entry).toMatchObject({
      status: "succeeded",
      duration: 2,
      ratio: "16:9",
      content: { video_url: expect.any(String) },
    });
    if (!hasFfprobe) return;
    const still = await fetch(entry.content.last_frame_url);
    expect(still.status).toBe(200);
    expect(still.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await still.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it.each([
    ["/kling/videos", { action: "image2video", prompt: "x", model: "kling-v1" }, /start_image_url/],
    ["/wan/videos", { action: "text2video", model: "wan2.6-i2v", prompt: "x" }, /wan2.6-t2v/],
    ["/veo/videos", { action: "text2video", model: "veo3", prompt: "x", resolution: "8k" }, /resolution/],
    ["/hailuo/videos", { action: "generate", model: "minimax-i2v", prompt: "x" }, /first_image_url/],
    [
      "/seedance/videos",
      { model: "doubao-seedance-2-0-fast-260128", content: [{ type: "text", text: "x" }], resolution: "1080p" },
      /resolution/,
    ],
  ])("validates %s like the provider (400 bad_request)", async (route, body, words) => {
    const res = await postJson(emu(route), { ...body, async: true }, AUTH);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      success: false,
      error: { code: "bad_request", message: expect.stringMatching(words) },
    });
  });

  it("answers a path that is no service with 404 no_api", async () => {
    const res = await postJson(emu("/pika/videos"), { prompt: "x" }, AUTH);
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("no_api");
  });
});

describe("against a recording fake of AceData", () => {
  const TOKEN = `canary-${randomUUID()}`;
  let fake: FakeUpstream;
  let studio: Studio;
  studioWithFakeUpstream(
    TOKEN,
    { UPSTREAM_MAX_IN_FLIGHT: "100", POLL_INTERVAL_MS: "100", POLL_MAX_INTERVAL_MS: "100" },
    (s) => {
      ({ fake, studio } = s);
    },
  );

  it("sends each service its own body at its own path with the Bearer, and polls it on its own /tasks", async () => {
    const ids: string[] = [];
    for (const request of ONE_PER_SERVICE) {
      const service = serviceOf(request.model);
      const before = fake.calls(`/${service}/videos`).length;
      const res = await postJson(`${studio.url}/api/videos`, request);
      expect(res.status, res.text).toBe(202);
      ids.push(res.json.task.id);
      const sent = fake.calls(`/${service}/videos`);
      expect(sent.length).toBe(before + 1);
      const call = sent[sent.length - 1];
      expect(call?.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(call?.body).toEqual({ ...createCall(request as never).body, async: true });
    }
    // Every service with unfinished work is asked in one batch of its own, for its own ids.
    await waitFor("a batch per service", async () =>
      ONE_PER_SERVICE.every((r) => fake.calls(`/${serviceOf(r.model)}/tasks`).length > 0) ? true : undefined,
    );
    for (const [i, request] of ONE_PER_SERVICE.entries()) {
      const task = await fetchTask(studio, ids[i] as string);
      const batches = fake.calls(`/${serviceOf(request.model)}/tasks`);
      expect(batches.every((b) => b.body.action === "retrieve_batch")).toBe(true);
      expect(batches.some((b) => b.body.ids.includes(task.upstreamTaskId))).toBe(true);
      for (const other of ONE_PER_SERVICE.filter((o) => serviceOf(o.model) !== serviceOf(request.model)))
        expect(
          fake.calls(`/${serviceOf(other.model)}/tasks`).some((b) => b.body.ids.includes(task.upstreamTaskId)),
        ).toBe(false);
    }
  });

  it("reads a Kling answer (flat, 'succeed') to a finished task", async () => {
    const res = await postJson(`${studio.url}/api/videos`, { model: "kling-v1", prompt: "A flat answer" });
    const task = res.json.task;
    const upstreamId = await waitFor(
      "accepted",
      async () => (await fetchTask(studio, task.id)).upstreamTaskId ?? undefined,
    );
    fake.responses.set(upstreamId, {
      success: true,
      task_id: upstreamId,
      video_id: "kling-video-1",
      video_url: `${fake.url}/video.mp4`,
      duration: "5.041",
      state: "succeed",
    });
    const done = await waitFor("succeeded", async () => {
      const t = await fetchTask(studio, task.id);
      return t.state === "succeeded" ? t : undefined;
    });
    expect(done.videos).toHaveLength(1);
  });

  it("keeps polling through a bare-string error mid-run and finishes when the service does", async () => {
    const res = await postJson(`${studio.url}/api/videos`, { model: "wan2.6-t2v", prompt: "A hiccup" });
    const task = res.json.task;
    const upstreamId = await waitFor(
      "accepted",
      async () => (await fetchTask(studio, task.id)).upstreamTaskId ?? undefined,
    );
    fake.responses.set(upstreamId, { success: false, task_id: upstreamId, error: "upstream busy, retrying" });
    const seen = fake.calls("/wan/tasks").length;
    await waitFor("two more rounds", async () => (fake.calls("/wan/tasks").length >= seen + 2 ? true : undefined));
    expect((await fetchTask(studio, task.id)).state).not.toBe("failed");
    fake.responses.set(upstreamId, {
      success: true,
      task_id: upstreamId,
      video_id: "w",
      video_url: `${fake.url}/video.mp4`,
      state: "completed",
    });
    const done = await waitFor("succeeded", async () => {
      const t = await fetchTask(studio, task.id);
      return t.state === "succeeded" ? t : undefined;
    });
    expect(done.state).toBe("succeeded");
  });
});
