import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { FakeUpstream } from "../support/fake-upstream";
import { postJson, waitFor, type Studio } from "../support/studio";
import { studioWithFakeUpstream } from "../support/suite";
import { videoRequest } from "../support/requests";

// The studio (production build, real HTTP) against a recording fake of AceData: what exactly
// goes upstream, what never does, and how every upstream failure reaches the user.

const TOKEN = `canary-${randomUUID()}`;
const valid = videoRequest("A lighthouse in a storm");
let fake: FakeUpstream;
let studio: Studio;
const seenBodies: string[] = [];

async function createVideo(body: unknown) {
  const res = await postJson(`${studio.url}/api/videos`, body);
  seenBodies.push(res.text);
  return res;
}

async function getTask(id: string) {
  const res = await fetch(`${studio.url}/api/tasks/${id}`);
  const text = await res.text();
  seenBodies.push(text);
  return { status: res.status, json: JSON.parse(text) };
}

studioWithFakeUpstream(
  TOKEN,
  {
    UPSTREAM_TIMEOUT_MS: "1500",
    UPSTREAM_MAX_IN_FLIGHT: "100",
  },
  (started) => ({ fake, studio } = started),
);

beforeEach(() => {
  fake.createAnswers.length = 0;
  fake.batchAnswers.length = 0;
});

describe("submission", () => {
  it("sends the exact body, headers and Bearer upstream, in async mode, and answers 202 with the task", async () => {
    const before = fake.calls("/sora/videos").length;
    const res = await createVideo({
      ...valid,
      prompt: "  A lighthouse in a storm  ",
      image_urls: ["https://example.com/a.png"],
    });
    expect(res.status).toBe(202);
    expect(res.json.task).toMatchObject({
      state: "submitted",
      request: { prompt: "A lighthouse in a storm" },
      videos: [],
    });
    const calls = fake.calls("/sora/videos");
    expect(calls.length).toBe(before + 1);
    const call = calls[calls.length - 1]!;
    expect(call.method).toBe("POST");
    expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call.headers.accept).toBe("application/json");
    expect(call.headers["content-type"]).toBe("application/json");
    expect(call.body).toEqual({ ...valid, image_urls: ["https://example.com/a.png"], async: true });
    expect(res.json.task.upstreamTaskId).toEqual(expect.any(String));
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ["empty prompt", { ...valid, prompt: "   " }, "prompt"],
    ["unknown model", { ...valid, model: "sora-3" }, "model"],
    ["bad size", { ...valid, size: "huge" }, "size"],
    ["bad duration", { ...valid, duration: 12 }, "duration"],
    ["25 s on sora-2", { ...valid, duration: 25 }, "duration"],
    ["bad orientation", { ...valid, orientation: "diagonal" }, "orientation"],
    ["http image", { ...valid, image_urls: ["http://example.com/a.png"] }, "image_urls.0"],
    [
      "character span too long",
      { ...valid, character_url: "https://example.com/c.mp4", character_start: 0, character_end: 5 },
      "character_end",
    ],
    ["start without url", { ...valid, character_start: 1, character_end: 2 }, "character_start"],
    ["unknown key", { ...valid, seed: 7 }, "seed"],
    ["missing model", { prompt: "x", size: "small", duration: 10, orientation: "landscape" }, "model"],
  ];
  for (const [name, body, field] of invalid) {
    it(`refuses ${name} with 400 naming ${field}, writes no row and makes no upstream call`, async () => {
      // Only creates: the poller may be asking about earlier tests' tasks meanwhile.
      const callsBefore = fake.calls("/sora/videos").length;
      const listBefore = (await (await fetch(`${studio.url}/api/tasks?limit=100`)).json()).items.length;
      const res = await createVideo(body);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
      expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain(field);
      expect(res.json.error.message).toContain(field);
      expect(fake.calls("/sora/videos").length).toBe(callsBefore);
      const listAfter = (await (await fetch(`${studio.url}/api/tasks?limit=100`)).json()).items.length;
      expect(listAfter).toBe(listBefore);
    });
  }

  it("answers malformed JSON with 400 and an oversized body with 413, without calling upstream", async () => {
    const callsBefore = fake.calls("/sora/videos").length;
    const bad = await createVideo("{not json");
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("invalid_json");
    const huge = await createVideo(JSON.stringify({ ...valid, prompt: "x".repeat(17 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe("body_too_large");
    expect(fake.calls("/sora/videos").length).toBe(callsBefore);
  });
});

describe("upstream failures on submit", () => {
  const refusals: [string, number, unknown, number, string][] = [
    [
      "401 invalid_token",
      401,
      { success: false, error: { code: "invalid_token", message: "token invalid" } },
      401,
      "upstream_auth_failed",
    ],
    [
      "403 used_up",
      403,
      { success: false, error: { code: "used_up", message: "balance used up" } },
      403,
      "insufficient_balance",
    ],
    [
      "403 forbidden",
      403,
      { success: false, error: { code: "forbidden", message: "contains a real person" } },
      403,
      "content_rejected",
    ],
    [
      "400 bare-string error",
      400,
      { success: false, error: "orientation square is not supported" },
      400,
      "upstream_rejected",
    ],
  ];
  for (const [name, status, body, ourStatus, code] of refusals) {
    it(`${name}: answers ${ourStatus} ${code} in plain words and keeps the task as failed`, async () => {
      fake.createAnswers.push({ status, body });
      const res = await createVideo(valid);
      expect(res.status).toBe(ourStatus);
      expect(res.json.error.code).toBe(code);
      expect(res.json.error.message.length).toBeGreaterThan(20);
      expect(res.json.task.state).toBe("failed");
      const stored = await getTask(res.json.task.id);
      expect(stored.json.task.state).toBe("failed");
      expect(stored.json.task.error.code).toBe(code);
      expect(stored.json.task.request.prompt).toBe(valid.prompt);
    });
  }

  it("a 429 keeps the task queued with the reason, then resubmits it after Retry-After", async () => {
    fake.createAnswers.push({
      status: 429,
      body: { success: false, error: { code: "too_many_requests", message: "slow down" } },
      headers: { "retry-after": "1" },
    });
    const res = await createVideo(valid);
    expect(res.status).toBe(202);
    expect(res.json.task.state).toBe("queued");
    expect(res.json.task.error.code).toBe("rate_limited");
    expect(Date.parse(res.json.task.nextAttemptAt) - Date.parse(res.json.task.updatedAt)).toBeGreaterThanOrEqual(1000);
    const submitted = await waitFor("resubmission", async () => {
      const { json } = await getTask(res.json.task.id);
      return json.task.state === "submitted" ? json.task : undefined;
    });
    expect(submitted.attempts).toBe(2);
    expect(submitted.error).toBeNull();
  });

  it("a 500 keeps the task queued with a plain reason and retries it", async () => {
    fake.createAnswers.push({ status: 500, body: { success: false, error: { code: "api_error", message: "boom" } } });
    const first = await createVideo(valid);
    expect(first.status).toBe(202);
    expect(first.json.task).toMatchObject({ state: "queued", error: { code: "upstream_error" } });
    await waitFor(
      "retry",
      async () => ((await getTask(first.json.task.id)).json.task.state === "submitted" ? true : undefined),
      15_000,
    );
  });

  it("a create that times out is kept, explained, and never sent twice (it may exist upstream)", async () => {
    const createsBefore = fake.calls("/sora/videos").length;
    fake.createAnswers.push({ status: 200, body: { task_id: randomUUID() }, delayMs: 3000 });
    const res = await createVideo({ ...valid, prompt: "slow answer" });
    expect(res.status).toBe(504);
    expect(res.json.error.code).toBe("upstream_timeout");
    expect(res.json.task).toMatchObject({ state: "failed", error: { code: "submit_outcome_unknown" } });
    expect(res.json.task.error.message).toMatch(/did not answer in time.*did not send it again/);
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.calls("/sora/videos").length).toBe(createsBefore + 1);
    expect((await getTask(res.json.task.id)).json.task.request.prompt).toBe("slow answer");
  });

  it("an upstream refusal that names a field comes back as that field's issue", async () => {
    fake.createAnswers.push({
      status: 400,
      body: { success: false, error: { code: "bad_request", message: "orientation square is not supported" } },
    });
    const res = await createVideo({ ...valid, orientation: "square" });
    expect(res.status).toBe(400);
    expect(res.json.error.issues).toEqual([
      { path: "orientation", message: "AceData: orientation square is not supported" },
    ]);
  });
});

describe("polling", () => {
  it("finishes a task through retrieve_batch and streams its video with Range", async () => {
    fake.videoBytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    const res = await createVideo(valid);
    const upstreamId = res.json.task.upstreamTaskId as string;
    fake.responses.set(upstreamId, { task_id: upstreamId, data: [{ id: "sora-2:task_x", state: "processing" }] });
    await waitFor("processing", async () =>
      (await getTask(res.json.task.id)).json.task.state === "processing" ? true : undefined,
    );

    const batchCall = fake.calls("/sora/tasks").find((c) => c.body?.ids?.includes(upstreamId));
    expect(batchCall?.body).toMatchObject({ action: "retrieve_batch" });
    expect(batchCall?.headers.authorization).toBe(`Bearer ${TOKEN}`);

    const se = Math.floor(Date.now() / 1000) + 6 * 86400;
    fake.responses.set(upstreamId, {
      success: true,
      task_id: upstreamId,
      data: [{ id: "sora-2:task_x", state: "succeeded", video_url: `${fake.url}/video.mp4?st=1&se=${se}&sig=abc` }],
    });
    const task = await waitFor("success", async () => {
      const { json } = await getTask(res.json.task.id);
      return json.task.state === "succeeded" ? json.task : undefined;
    });
    expect(task.videos).toHaveLength(1);
    expect(task.videos[0].url).toMatch(/^\/api\/media\//);
    expect(task.videos[0].expiresAt).toBe(new Date(se * 1000).toISOString());
    expect(JSON.stringify(task)).not.toContain(fake.url); // the signed URL never reaches the browser

    const whole = await fetch(`${studio.url}${task.videos[0].url}`);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(fake.videoBytes)).toBe(true);
    const part = await fetch(`${studio.url}${task.videos[0].url}`, { headers: { range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 100-199/5000");
    expect(Buffer.from(await part.arrayBuffer()).equals(fake.videoBytes.subarray(100, 200))).toBe(true);
  });

  // The provider SDK's rule: a bare-string error alone is a passing note mid-run, not an end.
  it("a bare-string error alone does not end the task: polling goes on", async () => {
    const res = await createVideo(valid);
    const upstreamId = res.json.task.upstreamTaskId as string;
    fake.responses.set(upstreamId, { success: false, task_id: upstreamId, error: "upstream busy" });
    const seen = fake.calls("/sora/tasks").length;
    await waitFor("two more rounds", async () => (fake.calls("/sora/tasks").length >= seen + 2 ? true : undefined));
    const { json } = await getTask(res.json.task.id);
    expect(json.task.state).not.toBe("failed");
    expect(json.task.error).toBeNull();
  });

  it("a failure word with a bare-string error ends the task with that reason", async () => {
    const res = await createVideo(valid);
    const upstreamId = res.json.task.upstreamTaskId as string;
    fake.responses.set(upstreamId, {
      success: false,
      task_id: upstreamId,
      data: [{ id: "v", state: "failed" }],
      error: "the character clip contains a real person",
    });
    const task = await waitFor("failure", async () => {
      const { json } = await getTask(res.json.task.id);
      return json.task.state === "failed" ? json.task : undefined;
    });
    expect(task.error.message).toContain("the character clip contains a real person");
  });

  it("keeps polling through a 500 from retrieve_batch and a batch that omits the task", async () => {
    const res = await createVideo(valid);
    const upstreamId = res.json.task.upstreamTaskId as string;
    fake.omitted.add(upstreamId);
    fake.batchAnswers.push({ status: 500, body: { success: false, error: "internal" } });
    await new Promise((r) => setTimeout(r, 800));
    expect((await getTask(res.json.task.id)).json.task.state).toBe("submitted");
    fake.omitted.delete(upstreamId);
    fake.responses.set(upstreamId, {
      success: true,
      task_id: upstreamId,
      data: [{ id: "v", video_url: `${fake.url}/video.mp4?se=${Math.floor(Date.now() / 1000) + 999}` }],
    });
    await waitFor("success after faults", async () =>
      (await getTask(res.json.task.id)).json.task.state === "succeeded" ? true : undefined,
    );
  });
});

describe("routes and secrets", () => {
  it("answers unknown tasks and videos with 404 and our error body", async () => {
    const task = await getTask(randomUUID());
    expect(task.status).toBe(404);
    expect(task.json.error.code).toBe("not_found");
    const media = await fetch(`${studio.url}/api/media/${randomUUID()}`);
    expect(media.status).toBe(404);
  });

  it("lists tasks newest first with a working cursor and filters", async () => {
    const page1 = await (await fetch(`${studio.url}/api/tasks?limit=2`)).json();
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).toEqual(expect.any(String));
    expect(Date.parse(page1.items[0].createdAt)).toBeGreaterThanOrEqual(Date.parse(page1.items[1].createdAt));
    const page2 = await (await fetch(`${studio.url}/api/tasks?limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
    expect(page2.items[0].id).not.toBe(page1.items[1].id);
    const failed = await (await fetch(`${studio.url}/api/tasks?state=failed&limit=100`)).json();
    expect(failed.items.length).toBeGreaterThan(0);
    expect(failed.items.every((t: { state: string }) => t.state === "failed")).toBe(true);
    const bad = await fetch(`${studio.url}/api/tasks?state=nope`);
    expect(bad.status).toBe(400);
  });

  it("reports the real upstream in health and turns the emulator off", async () => {
    const health = await (await fetch(`${studio.url}/api/health`)).json();
    expect(health).toMatchObject({ ok: true, upstream: "acedata", database: { kind: "sqlite", ok: true } });
    const emu = await postJson(`${studio.url}/api/emulator/sora/videos`, valid, { authorization: "Bearer x" });
    expect(emu.status).toBe(404);
  });

  it("never shows the token: not in any API answer, page, static chunk or log line", async () => {
    const page = await (await fetch(`${studio.url}/`)).text();
    expect(page).toContain("Sora Studio");
    for (const body of [...seenBodies, page, JSON.stringify(await (await fetch(`${studio.url}/api/health`)).json())]) {
      expect(body).not.toContain(TOKEN);
    }
    const staticDir = path.resolve(import.meta.dirname, "..", "..", ".next", "static");
    const files = fs
      .readdirSync(staticDir, { recursive: true })
      .map(String)
      .filter((f) => fs.statSync(path.join(staticDir, f)).isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(fs.readFileSync(path.join(staticDir, file), "utf8").includes(TOKEN)).toBe(false);
    expect(studio.output()).toContain("task changed");
    expect(studio.output()).not.toContain(TOKEN);
  });
});
