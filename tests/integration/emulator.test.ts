import { createHmac } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasFfprobe, probeVideo } from "../support/ffprobe";
import { postJson, startStudio, waitFor, type Studio } from "../support/studio";
import { videoRequest } from "../support/requests";

// The embedded emulator over HTTP, as any client of the real API would use it, and the
// studio driving it end to end (no token set).

// Long enough that the pending fifth (500 ms) is observable even on a busy CI machine.
const LATENCY = 2500;
const AUTH = { authorization: "Bearer any-token" };
const valid = videoRequest("A red fox in fresh snow");
let studio: Studio;
const emu = (p: string) => `${studio.url}/api/emulator${p}`;

beforeAll(async () => {
  // The renderer's own tests: each video is drawn by ffmpeg, as `npm run dev` does.
  studio = await startStudio({ EMULATOR_LATENCY_MS: String(LATENCY), EMULATOR_RENDER: "ffmpeg" });
});
afterAll(async () => {
  await studio?.stop();
});

describe("emulator contract", () => {
  it("requires a Bearer token: missing → 401 invalid_token with the error shape", async () => {
    const res = await postJson(emu("/sora/videos"), valid);
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ success: false, error: { code: "invalid_token" }, trace_id: expect.any(String) });
  });

  it("validates like the provider: 25 s with sora-2 → 400 bad_request", async () => {
    const res = await postJson(emu("/sora/videos"), { ...valid, duration: 25, async: true }, AUTH);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("bad_request");
    expect(res.json.error.message).toContain("sora-2-pro");
  });

  it("runs an async task through pending → processing → succeeded with a signed, expiring URL", async () => {
    const created = await postJson(emu("/sora/videos"), { ...valid, async: true }, AUTH);
    expect(created.status).toBe(200);
    const taskId = created.json.task_id as string;
    expect(taskId).toMatch(/^[0-9a-f-]{36}$/);
    const retrieve = async () => (await postJson(emu("/sora/tasks"), { action: "retrieve", id: taskId }, AUTH)).json;
    const first = await retrieve();
    expect(first).toMatchObject({ id: taskId, type: "videos", request: { prompt: valid.prompt } });
    expect(first.response).toBeUndefined();
    const processing = await waitFor(
      "processing",
      async () => ((await retrieve()).response?.data?.[0]?.state === "processing" ? true : undefined),
      5000,
      50,
    );
    expect(processing).toBe(true);
    const done = await waitFor("succeeded", async () => {
      const r = await retrieve();
      return r.response?.success === true ? r : undefined;
    });
    const video = done.response.data[0];
    expect(video.id).toMatch(/^sora-2:task_/);
    const url = new URL(video.video_url);
    expect(Number(url.searchParams.get("se")) - Number(url.searchParams.get("st"))).toBe(6 * 24 * 3600);

    const batch = await postJson(
      emu("/sora/tasks"),
      { action: "retrieve_batch", ids: [taskId, "00000000-0000-0000-0000-000000000000"] },
      AUTH,
    );
    expect(batch.json.count).toBe(1);
    expect(batch.json.items[0].id).toBe(taskId);

    const file = await fetch(video.video_url);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("video/mp4");
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
    const part = await fetch(video.video_url, { headers: { range: "bytes=0-9" } });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(10);

    const tampered = new URL(video.video_url);
    tampered.searchParams.set("se", String(Number(tampered.searchParams.get("se")) + 1));
    expect((await fetch(tampered)).status).toBe(403);

    // A correctly signed URL whose `se` has passed is refused, like the provider's.
    const key = fs.readFileSync(path.join(studio.dataDir, "emulator", "signing.key"));
    const past = Math.floor(Date.now() / 1000) - 10;
    const sig = createHmac("sha256", key)
      .update(`${video.id}\n${past - 100}\n${past}`)
      .digest("hex");
    const expired = new URL(video.video_url);
    expired.search = `?st=${past - 100}&se=${past}&sig=${sig}`;
    expect((await fetch(expired)).status).toBe(403);
  });

  it("answers synchronously when neither async nor callback_url is given", async () => {
    const started = Date.now();
    const res = await postJson(emu("/sora/videos"), valid, AUTH);
    expect(Date.now() - started).toBeGreaterThanOrEqual(LATENCY - 100);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      success: true,
      task_id: expect.any(String),
      trace_id: expect.any(String),
      data: [{ state: "succeeded", video_url: expect.stringContaining("se=") }],
    });
  });

  it("POSTs the final answer to callback_url", async () => {
    const received: unknown[] = [];
    const server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        received.push(JSON.parse(raw));
        res.end("ok");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const callback = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/abc`;
    const created = await postJson(emu("/sora/videos"), { ...valid, callback_url: callback }, AUTH);
    expect(created.json.task_id).toEqual(expect.any(String));
    const body = await waitFor("callback", async () => received[0] as any, 10_000);
    server.close();
    expect(body).toMatchObject({ success: true, task_id: created.json.task_id, data: [{ state: "succeeded" }] });
  });

  it("injects faults: a 429 with Retry-After on create, then a bare-string task failure", async () => {
    const armed = await postJson(
      emu("/faults"),
      {
        faults: [
          { on: "create", code: "too_many_requests", times: 1 },
          { on: "task", code: "api_error", message: "renderer crashed", bare: true, times: 1 },
        ],
      },
      AUTH,
    );
    expect(armed.status).toBe(200);
    const limited = await postJson(emu("/sora/videos"), { ...valid, async: true }, AUTH);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.json.error.code).toBe("too_many_requests");
    const created = await postJson(emu("/sora/videos"), { ...valid, async: true }, AUTH);
    expect(created.status).toBe(200);
    const failed = await waitFor("failure", async () => {
      const r = (await postJson(emu("/sora/tasks"), { action: "retrieve", id: created.json.task_id }, AUTH)).json;
      return r.response?.success === false ? r : undefined;
    });
    expect(failed.response.error).toBe("renderer crashed");
    expect((await (await fetch(emu("/faults"), { headers: AUTH })).json()).faults).toEqual([]);
  });
});

describe("studio on the emulator", () => {
  const cases = [
    { model: "sora-2", size: "small", orientation: "landscape", duration: 10, width: 1280, height: 720 },
    { model: "sora-2-pro", size: "large", orientation: "portrait", duration: 25, width: 1024, height: 1792 },
  ] as const;
  for (const c of cases) {
    it(`generates a real ${c.width}x${c.height} ${c.duration} s H.264 video and streams it`, async () => {
      const res = await postJson(`${studio.url}/api/videos`, { ...valid, ...c, width: undefined, height: undefined });
      expect(res.status).toBe(202);
      const id = res.json.task.id as string;
      const seen = new Set<string>();
      const task = await waitFor(
        "succeeded",
        async () => {
          const t = (await (await fetch(`${studio.url}/api/tasks/${id}`)).json()).task;
          seen.add(t.state);
          return t.state === "succeeded" ? t : undefined;
        },
        60_000,
        100,
      );
      expect(seen.has("processing")).toBe(true);
      const media = await fetch(`${studio.url}${task.videos[0].url}`);
      expect(media.status).toBe(200);
      const file = path.join(os.tmpdir(), `studio-${id}.mp4`);
      fs.writeFileSync(file, Buffer.from(await media.arrayBuffer()));
      if (hasFfprobe) {
        const info = probeVideo(file);
        expect(info.codec).toBe("h264");
        expect([info.width, info.height]).toEqual([c.width, c.height]);
        expect(Math.abs(info.duration - c.duration)).toBeLessThan(0.2);
      }
      fs.rmSync(file);
    });
  }

  it("shows a moderation failure in plain words", async () => {
    const res = await postJson(`${studio.url}/api/videos`, {
      ...valid,
      prompt: "a person dancing [emulate:fail=forbidden]",
    });
    expect(res.status).toBe(202);
    const task = await waitFor("failed", async () => {
      const t = (await (await fetch(`${studio.url}/api/tasks/${res.json.task.id}`)).json()).task;
      return t.state === "failed" ? t : undefined;
    });
    expect(task.error.code).toBe("forbidden");
    expect(task.error.message).toMatch(/moderation rejected/);
  });

  it("loses nothing across a restart: a task accepted before a kill finishes after it", async () => {
    const res = await postJson(`${studio.url}/api/videos`, { ...valid, prompt: "survives a restart" });
    expect(res.json.task.state).toBe("submitted");
    await studio.stop("SIGKILL");
    await studio.restart();
    const task = await waitFor(
      "succeeded after restart",
      async () => {
        const t = (await (await fetch(`${studio.url}/api/tasks/${res.json.task.id}`)).json()).task;
        return t.state === "succeeded" ? t : undefined;
      },
      30_000,
    );
    expect(task.upstreamTaskId).toBe(res.json.task.upstreamTaskId);
    const all = (await (await fetch(`${studio.url}/api/tasks?q=survives&limit=100`)).json()).items;
    expect(all).toHaveLength(1);
  });
});
