import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SseClient } from "../support/sse";
import { CALLBACKS_ONLY, postJson, startStudio, waitFor, type Studio } from "../support/studio";
import { stopAfterAll, studioForSuite } from "../support/suite";
import { videoRequest } from "../support/requests";

// The task lifecycle on the embedded emulator, over real HTTP: the event feed, callbacks
// end to end, import, delete, and a kill -9 in the middle of a task.

const valid = videoRequest("Lanterns over a harbour");
// Polls often enough for tasks to finish in a test, backing off a little.
const QUICK_POLL = { POLL_INTERVAL_MS: "150", POLL_MAX_INTERVAL_MS: "300" };
let studio: Studio;
studioForSuite({ EMULATOR_LATENCY_MS: "1500", ...QUICK_POLL, SSE_HEARTBEAT_MS: "300" }, (started) => {
  studio = started;
});

async function task(url: string, id: string) {
  const res = await fetch(`${url}/api/tasks/${id}`);
  return { status: res.status, task: res.ok ? (await res.json()).task : undefined };
}

async function until(url: string, id: string, state: string, timeoutMs = 30_000) {
  return waitFor(
    `task ${state}`,
    async () => {
      const { task: t } = await task(url, id);
      return t?.state === state ? t : undefined;
    },
    timeoutMs,
  );
}

describe("GET /api/events", () => {
  it("streams every change of a task once, in order, with growing ids, and heartbeats", async () => {
    const feed = await SseClient.open(`${studio.url}/api/events`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(feed.headers.get("cache-control")).toContain("no-transform");
    await feed.next((f) => f.event === "ready");
    const res = await postJson(`${studio.url}/api/videos`, valid);
    const id = res.json.task.id as string;
    await feed.next(
      (f) => f.event === "task" && JSON.parse(f.data).task.id === id && JSON.parse(f.data).task.state === "succeeded",
    );
    const mine = feed.tasks().filter((e) => e.task.id === id);
    const states = mine.map((e) => e.task.state);
    expect(states[states.length - 1]).toBe("succeeded");
    expect(new Set(states).size).toBe(states.length); // each change once
    expect(states.indexOf("succeeded")).toBeGreaterThan(states.indexOf("submitted"));
    const ids = mine.map((e) => Number(e.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    await feed.next((f) => f.comment?.startsWith("ping") === true, 2000);
    feed.close();
  });

  it("replays exactly what a reconnecting browser missed (Last-Event-ID), and resets on an unknown id", async () => {
    const first = await SseClient.open(`${studio.url}/api/events`);
    const ready = await first.next((f) => f.event === "ready");
    first.close();
    const res = await postJson(`${studio.url}/api/videos`, { ...valid, prompt: "missed while away" });
    const id = res.json.task.id as string;
    const done = await until(studio.url, id, "succeeded");

    const resumed = await SseClient.open(`${studio.url}/api/events`, { "last-event-id": ready.id as string });
    const replayed = await resumed.next((f) => f.event === "task" && JSON.parse(f.data).task.id === id);
    // Coalesced: the latest state of the task, not its history.
    expect(JSON.parse(replayed.data).task).toEqual(done);
    expect(Number(replayed.id)).toBeGreaterThan(Number(ready.id));
    expect(resumed.frames.some((f) => f.event === "ready" || f.event === "reset")).toBe(false);
    resumed.close();

    const stale = await SseClient.open(`${studio.url}/api/events`, { "last-event-id": "999999999" });
    await stale.next((f) => f.event === "reset");
    stale.close();
  });

  it("a fresh stream starts at the present: nothing from before it opened is sent again", async () => {
    const before = await SseClient.open(`${studio.url}/api/events`);
    await before.next((f) => f.event === "ready");
    before.close();
    const res = await postJson(`${studio.url}/api/videos`, { ...valid, prompt: "finished while nobody listened" });
    await until(studio.url, res.json.task.id, "succeeded");
    // Archiving, then its poster (ffmpeg is on this machine), is its last change; anything after this would be news, not history.
    await waitFor("archived with a poster", async () => {
      const video = (await task(studio.url, res.json.task.id)).task?.videos[0];
      return video?.archived && video.posterUrl ? true : undefined;
    });
    const fresh = await SseClient.open(`${studio.url}/api/events`);
    await fresh.next((f) => f.event === "ready");
    await new Promise((r) => setTimeout(r, 2500)); // longer than the feed's sweep
    expect(fresh.tasks().filter((e) => e.task.id === res.json.task.id)).toEqual([]);
    fresh.close();
  });
});

describe("callbacks end to end", () => {
  const stopLater = stopAfterAll();

  it("the emulator's callback finishes the task and the feed shows it, with polling far too slow to", async () => {
    const withCallbacks = stopLater(await startStudio({ EMULATOR_LATENCY_MS: "1500", ...CALLBACKS_ONLY }));
    const feed = await SseClient.open(`${withCallbacks.url}/api/events`);
    await feed.next((f) => f.event === "ready");
    const res = await postJson(`${withCallbacks.url}/api/videos`, valid);
    const succeeded = await feed.next(
      (f) => f.event === "task" && JSON.parse(f.data).task.state === "succeeded",
      20_000,
    );
    expect(JSON.parse(succeeded.data).task.id).toBe(res.json.task.id);
    feed.close();
    expect(withCallbacks.output()).toContain(`"msg":"callback applied","taskId":"${res.json.task.id}"`);
  });
});

describe("POST /api/tasks/import", () => {
  it("adopts a task made elsewhere (by curl), once, and follows it to the end", async () => {
    const made = await postJson(
      `${studio.url}/api/emulator/sora/videos`,
      {
        prompt: "made with curl",
        model: "sora-2-pro",
        duration: 15,
        size: "small",
        orientation: "portrait",
        async: true,
      },
      { authorization: "Bearer anything" },
    );
    const upstreamId = made.json.task_id as string;
    const first = await postJson(`${studio.url}/api/tasks/import`, { task_id: upstreamId });
    expect(first.status).toBe(201);
    expect(first.json.task).toMatchObject({
      origin: "import",
      upstreamTaskId: upstreamId,
      request: { prompt: "made with curl", model: "sora-2-pro", duration: 15, size: "small", orientation: "portrait" },
    });
    const again = await postJson(`${studio.url}/api/tasks/import`, { task_id: ` ${upstreamId} ` });
    expect(again.status).toBe(200);
    expect(again.json.task.id).toBe(first.json.task.id);
    const done = await until(studio.url, first.json.task.id, "succeeded");
    expect(done.videos).toHaveLength(1);
    const media = await fetch(`${studio.url}${done.videos[0].url}`, { headers: { range: "bytes=0-7" } });
    expect(media.status).toBe(206);
    expect(
      Buffer.from(await media.arrayBuffer())
        .subarray(4, 8)
        .toString("latin1"),
    ).toBe("ftyp");
  });

  it("answers an unknown id with 404 and bad input with 400 naming task_id, storing nothing", async () => {
    const before = (await (await fetch(`${studio.url}/api/tasks?limit=100`)).json()).items.length;
    const unknown = await postJson(`${studio.url}/api/tasks/import`, {
      task_id: "6bf7fb83-5814-4e3e-a4ad-bfa0c26c0b33",
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe("upstream_task_not_found");
    for (const body of [{}, { task_id: "" }, { task_id: "a b" }, { task_id: 7 }, { task_id: "x", extra: 1 }]) {
      const res = await postJson(`${studio.url}/api/tasks/import`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.issues.map((i: { path: string }) => i.path).join()).toMatch(/task_id|extra/);
    }
    expect((await (await fetch(`${studio.url}/api/tasks?limit=100`)).json()).items.length).toBe(before);
  });
});

describe("DELETE /api/tasks/:id", () => {
  it("removes the task, its videos and their archived files, tells open feeds, and answers 404 after", async () => {
    const res = await postJson(`${studio.url}/api/videos`, { ...valid, prompt: "to be deleted" });
    const id = res.json.task.id as string;
    await until(studio.url, id, "succeeded");
    // Archived with its poster (ffmpeg is installed here), so both files exist before the delete.
    const done = await waitFor("archived with a poster", async () => {
      const { task: t } = await task(studio.url, id);
      return t?.videos[0]?.archived && t.videos[0].posterUrl ? t : undefined;
    });
    const archived = path.join(studio.dataDir, "media", "videos", `${done.videos[0].id}.mp4`);
    const poster = `${archived}.poster.jpg`;
    expect(fs.existsSync(archived)).toBe(true);
    expect(fs.existsSync(poster)).toBe(true);
    const feed = await SseClient.open(`${studio.url}/api/events`);
    await feed.next((f) => f.event === "ready");
    const del = await fetch(`${studio.url}/api/tasks/${id}`, { method: "DELETE" });
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({ id, deleted: true });
    const gone = await feed.next((f) => f.event === "deleted");
    expect(JSON.parse(gone.data)).toEqual({ id });
    feed.close();
    expect((await task(studio.url, id)).status).toBe(404);
    expect((await fetch(`${studio.url}${done.videos[0].url}`)).status).toBe(404);
    expect(fs.existsSync(archived)).toBe(false);
    expect(fs.existsSync(poster)).toBe(false);
    expect((await fetch(`${studio.url}${done.videos[0].posterUrl}`)).status).toBe(404);
    const list = (await (await fetch(`${studio.url}/api/tasks?limit=100`)).json()).items;
    expect(list.some((t: { id: string }) => t.id === id)).toBe(false);
    const again = await fetch(`${studio.url}/api/tasks/${id}`, { method: "DELETE" });
    expect(again.status).toBe(404);
  });
});

describe("a kill -9 in the middle of a task", () => {
  const stopLater = stopAfterAll();

  it("the task still completes after a restart, created upstream exactly once; queued work is kept", async () => {
    const victim = stopLater(
      await startStudio({ EMULATOR_LATENCY_MS: "4000", UPSTREAM_MAX_IN_FLIGHT: "1", ...QUICK_POLL }),
    );
    const a = await postJson(`${victim.url}/api/videos`, { ...valid, prompt: "survives a crash" });
    const b = await postJson(`${victim.url}/api/videos`, { ...valid, prompt: "waits its turn" });
    expect(a.json.task.state).toBe("submitted");
    expect(b.json.task.state).toBe("queued"); // one in flight at a time
    await victim.stop("SIGKILL");
    await victim.restart();
    const doneA = await until(victim.url, a.json.task.id, "succeeded");
    const doneB = await until(victim.url, b.json.task.id, "succeeded");
    expect(doneA.upstreamTaskId).toBe(a.json.task.upstreamTaskId);
    expect(doneB.attempts).toBe(1);
    // The emulator keeps one file per upstream task: exactly two were created, none twice.
    const dir = path.join(victim.dataDir, "emulator", "tasks");
    const prompts = fs
      .readdirSync(dir)
      .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")).request.prompt as string);
    expect(prompts.sort()).toEqual(["survives a crash", "waits its turn"]);
  });
});
