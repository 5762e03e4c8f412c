import { describe, expect, it } from "vitest";
import type { FakeUpstream } from "../support/fake-upstream";
import { fetchTask, pollEvery, postJson, startStudioAgainst, waitFor, type Studio } from "../support/studio";
import { stopAfterAll, studioWithFakeUpstream } from "../support/suite";
import { videoRequest } from "../support/requests";

// The one poller against upstream faults: a batch answer that keeps leaving a task out, a 429
// storm, bare-string errors, timeouts and dropped connections, and the deadline.

const valid = videoRequest("Snow falling on a quiet street");
let fake: FakeUpstream;
let studio: Studio;

studioWithFakeUpstream(
  "poller-test-token",
  {
    ...pollEvery(100),
    UPSTREAM_TIMEOUT_MS: "800",
    UPSTREAM_MAX_IN_FLIGHT: "100",
  },
  (started) => ({ fake, studio } = started),
);

async function submit(url = studio.url) {
  const res = await postJson(`${url}/api/videos`, valid);
  expect(res.status).toBe(202);
  return { id: res.json.task.id as string, upstreamId: res.json.task.upstreamTaskId as string };
}

const finish = (upstreamId: string) =>
  fake.responses.set(upstreamId, {
    success: true,
    task_id: upstreamId,
    data: [
      { id: "v", state: "succeeded", video_url: `${fake.url}/video.mp4?se=${Math.floor(Date.now() / 1000) + 999}` },
    ],
  });

const batchCallsSince = (t: number) =>
  fake.calls("/sora/tasks").filter((c) => c.body?.action === "retrieve_batch" && c.at >= t);

describe("the batch poller", () => {
  it("asks alone about a task the batch keeps leaving out, and fails it plainly when AceData denies it", async () => {
    const { id, upstreamId } = await submit();
    fake.omitted.add(upstreamId);
    fake.retrieveAnswers.push({
      status: 400,
      body: { success: false, error: { code: "bad_request", message: `no task with id ${upstreamId}` } },
    });
    const failed = await waitFor("lost task", async () => {
      const t = await fetchTask(studio, id);
      return t.state === "failed" ? t : undefined;
    });
    expect(failed.error.code).toBe("upstream_task_missing");
    expect(failed.error.message).toMatch(/no longer knows this task/);
    const singles = fake.calls("/sora/tasks").filter((c) => c.body?.action === "retrieve" && c.body.id === upstreamId);
    expect(singles).toHaveLength(1);
    // Only after several batch answers without it.
    expect(fake.calls("/sora/tasks").filter((c) => c.body?.ids?.includes(upstreamId)).length).toBeGreaterThanOrEqual(3);
    fake.omitted.delete(upstreamId);
  });

  it("honours Retry-After through a 429 storm, then finishes the task", async () => {
    const { id, upstreamId } = await submit();
    const start = Date.now();
    for (let i = 0; i < 3; i++)
      fake.batchAnswers.push({
        status: 429,
        body: { success: false, error: { code: "too_many_requests", message: "slow down" } },
        headers: { "retry-after": "1" },
      });
    finish(upstreamId);
    await waitFor(
      "success after the storm",
      async () => ((await fetchTask(studio, id)).state === "succeeded" ? true : undefined),
      20_000,
    );
    const calls = batchCallsSince(start);
    // Three 429s then the success: at least a second between each answer and the next call.
    expect(calls.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < 4; i++) expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(950);
  });

  it("keeps the task through a bare-string 500, a timeout and a dropped connection", async () => {
    const { id, upstreamId } = await submit();
    fake.batchAnswers.push(
      { status: 500, body: { success: false, error: "internal error, bare string" } },
      { status: 200, body: { items: [], count: 0 }, delayMs: 2000 }, // longer than UPSTREAM_TIMEOUT_MS
      { status: 200, body: {}, reset: true },
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect((await fetchTask(studio, id)).state).toBe("submitted");
    finish(upstreamId);
    const done = await waitFor(
      "success after faults",
      async () => {
        const t = await fetchTask(studio, id);
        return t.state === "succeeded" ? t : undefined;
      },
      20_000,
    );
    expect(done.error).toBeNull();
    expect(studio.output()).toContain("poll failed");
  });
});

describe("the deadline", () => {
  const stopLater = stopAfterAll();

  it("gives up on a task that never finishes, with a clear reason, and then stops asking", async () => {
    const short = stopLater(
      await startStudioAgainst(fake, "deadline-token", { ...pollEvery(100), TASK_DEADLINE_MS: "1500" }),
    );
    const { id, upstreamId } = await submit(short.url);
    const failed = await waitFor("deadline", async () => {
      const t = await fetchTask(short, id);
      return t.state === "failed" ? t : undefined;
    });
    expect(failed.error.code).toBe("deadline_exceeded");
    expect(failed.error.message).toMatch(/did not finish this task within/);
    const asked = () => fake.calls("/sora/tasks").filter((c) => c.body?.ids?.includes(upstreamId)).length;
    const after = asked();
    await new Promise((r) => setTimeout(r, 600));
    expect(asked()).toBe(after);
  });
});

describe("several studio processes on one database", () => {
  const stopLater = stopAfterAll();

  it("make one poller between them; when its process dies, another takes over", async () => {
    // Two processes, one data directory (one SQLite database); each its own token, so the fake
    // can tell whose calls it gets.
    const shared = { ...pollEvery(100), WORKER_LEASE_MS: "2000" };
    const a = stopLater(await startStudioAgainst(fake, "instance-a", shared));
    const b = stopLater(await startStudioAgainst(fake, "instance-b", shared, a.dataDir));
    const { upstreamId } = await submit(a.url);
    const polledBy = (since: number) =>
      new Set(
        fake
          .calls("/sora/tasks")
          .filter((c) => c.at >= since && c.body?.ids?.includes(upstreamId))
          .map((c) => c.headers.authorization),
      );

    await new Promise((r) => setTimeout(r, 500));
    const window = Date.now();
    await new Promise((r) => setTimeout(r, 1500));
    const pollers = polledBy(window);
    expect(pollers.size).toBe(1);
    const leader = [...pollers][0] === "Bearer instance-a" ? a : b;
    const follower = leader === a ? b : a;

    await leader.stop("SIGKILL");
    const afterKill = Date.now();
    await waitFor("takeover", async () => (polledBy(afterKill).size > 0 ? true : undefined), 10_000, 100);
    expect([...polledBy(afterKill)]).toEqual([follower === a ? "Bearer instance-a" : "Bearer instance-b"]);
    finish(upstreamId);
  });
});
