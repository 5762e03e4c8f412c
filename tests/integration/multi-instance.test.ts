import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgSchema } from "../support/databases";
import { FakeUpstream } from "../support/fake-upstream";
import { SessionClient } from "../support/session-client";
import { SseClient } from "../support/sse";
import { pollEvery, startStudio, waitFor, type Studio } from "../support/studio";
import { invitedAccount, signedInAdmin, teamEnv } from "../support/team";
import { videoRequest } from "../support/requests";

// Two studio processes on one Postgres database and one data directory, as behind a load
// balancer (deploy/compose.yaml), talking to one upstream: a change made through one reaches
// the other's browsers at once (LISTEN/NOTIFY), exactly one of them polls (an advisory lock,
// taken over when its holder is killed, losing no task), and the submission pace and the
// quotas hold across both.

const pgUrl = process.env.TEST_DATABASE_URL;
const valid = videoRequest("Two lighthouses blinking in turn");
const PACE_MS = 700;

describe.skipIf(!pgUrl)("two instances on one Postgres", () => {
  let fake: FakeUpstream;
  let a: Studio;
  let b: Studio;
  let drop: () => Promise<void>;
  let adminA: SessionClient;
  let adminB: SessionClient;

  beforeAll(async () => {
    fake = await new FakeUpstream().start();
    const schema = await createPgSchema(pgUrl as string);
    drop = schema.drop;
    const env = {
      ...teamEnv,
      DATABASE_URL: `${pgUrl}${(pgUrl as string).includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema.schema}`)}`,
      ACEDATACLOUD_API_TOKEN: "multi-instance-token",
      ACEDATACLOUD_API_BASE_URL: fake.url,
      STUDIO_FETCH_ALLOW_ORIGINS: fake.url,
      ...pollEvery(150),
      UPSTREAM_MIN_SUBMIT_INTERVAL_MS: String(PACE_MS),
      UPSTREAM_MAX_IN_FLIGHT: "100",
      // Without NOTIFY, another instance's change would wait a whole minute for the sweep.
      EVENTS_SWEEP_MS: "60000",
      LOG_LEVEL: "info",
    };
    a = await startStudio(env);
    b = await startStudio(env, a.dataDir);
    adminA = await signedInAdmin(a.url);
    // One session works on both: sessions live in the shared database.
    adminB = new SessionClient(b.url);
    adminB.cookie = adminA.cookie;
  }, 90_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await fake?.stop();
    await drop?.();
  });

  const leads = (studio: Studio) => (studio.output().match(/worker leads/g) ?? []).length;
  const finish = (upstreamId: string) =>
    fake.responses.set(upstreamId, {
      success: true,
      task_id: upstreamId,
      data: [
        {
          id: `v-${upstreamId}`,
          state: "succeeded",
          video_url: `${fake.url}/video.mp4?se=${Math.floor(Date.now() / 1000) + 999}`,
        },
      ],
    });

  it("shares a session, and has exactly one instance polling", async () => {
    expect((await adminB.get("/api/tasks")).status).toBe(200);
    await waitFor("a worker to lead", async () => (leads(a) + leads(b) === 1 ? true : undefined), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(leads(a) + leads(b)).toBe(1);
  });

  it("streams a change made through one instance to a browser on the other at once", async () => {
    const stream = await SseClient.open(`${b.url}/api/events`, { cookie: adminB.cookie as string });
    expect(stream.status).toBe(200);
    const made = await adminA.post("/api/videos", { ...valid, prompt: "Seen from the other instance" });
    expect(made.status).toBe(202);
    const id = made.json.task.id as string;
    // Within the 60 s sweep's first minute: only NOTIFY can have brought it.
    const frame = await stream.next((f) => f.event === "task" && JSON.parse(f.data).task?.id === id, 10_000);
    expect(JSON.parse(frame.data).task.request.prompt).toBe("Seen from the other instance");
    stream.close();
  });

  it("keeps one submission pace across both instances", async () => {
    const since = Date.now();
    const answers = await Promise.all(
      [adminA, adminB, adminA, adminB].map((client, i) =>
        client.post("/api/videos", { ...valid, prompt: `Paced ${i}` }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    await waitFor(
      "all four sent",
      async () => (fake.calls("/sora/videos").filter((c) => c.at >= since).length >= 4 ? true : undefined),
      20_000,
      100,
    );
    const times = fake
      .calls("/sora/videos")
      .filter((c) => c.at >= since)
      .map((c) => c.at)
      .sort((x, y) => x - y);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(PACE_MS - 50);
  });

  it("holds a quota across instances: 20 concurrent submits split over both at 3 at once → exactly 3", async () => {
    const member = await invitedAccount(a.url, "member", "split@team.example");
    expect((await adminA.patch(`/api/admin/users/${member.id}`, { quota: { concurrent: 3 } })).status).toBe(200);
    const onB = new SessionClient(b.url);
    onB.cookie = member.client.cookie;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? onB : member.client).post("/api/videos", { ...valid, prompt: `Split ${i}` }),
      ),
    );
    expect(answers.filter((r) => r.status === 202)).toHaveLength(3);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(17);
  });

  it("counts wrong passwords across instances: 5 spread over both lock the account on both", async () => {
    await invitedAccount(a.url, "member", "guessed@team.example");
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push(
        (await new SessionClient(i % 2 ? b.url : a.url).login("guessed@team.example", `guess-${i}-wrong`)).status,
      );
    expect(answers).toEqual([401, 401, 401, 401, 429]);
    for (const studio of [a, b]) {
      const right = await new SessionClient(studio.url).login("guessed@team.example", "member-password-1");
      expect(right.status).toBe(429);
      expect(right.json.error.code).toBe("login_locked");
    }
  });

  it("survives kill -9 of the instance holding the poller lock: the other takes over and no task is lost", async () => {
    const holder = leads(a) > 0 ? a : b;
    const other = holder === a ? b : a;
    const otherClient = holder === a ? adminB : adminA;
    // Tasks in every stage: sent upstream and rendering, and still queued behind the pace.
    const since = Date.now();
    const made = await Promise.all(
      Array.from({ length: 4 }, (_, i) => otherClient.post("/api/videos", { ...valid, prompt: `Survivor ${i}` })),
    );
    expect(made.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    const ids = made.map((r) => r.json.task.id as string);
    // Killed between two create calls (mid-call, a task would rightly end as "outcome unknown").
    await waitFor(
      "two of them sent",
      async () => (fake.calls("/sora/videos").filter((c) => c.at >= since).length >= 2 ? true : undefined),
      10_000,
      20,
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    process.kill(holder.pid() as number, "SIGKILL");
    await waitFor("the other instance to lead", async () => (leads(other) > 0 ? true : undefined), 15_000);
    // Everything still queued is submitted by the new holder; everything upstream is followed to the end.
    const sent = await waitFor(
      "every task sent upstream",
      async () => {
        const tasks = await Promise.all(ids.map(async (id) => (await otherClient.get(`/api/tasks/${id}`)).json.task));
        return tasks.every((t) => t.upstreamTaskId) ? tasks : undefined;
      },
      20_000,
    );
    for (const task of sent) finish(task.upstreamTaskId);
    const done = await waitFor(
      "every task finished",
      async () => {
        const tasks = await Promise.all(ids.map(async (id) => (await otherClient.get(`/api/tasks/${id}`)).json.task));
        return tasks.every((t) => t.state === "succeeded" || t.state === "failed") ? tasks : undefined;
      },
      20_000,
    );
    expect(done.map((t) => t.state)).toEqual(["succeeded", "succeeded", "succeeded", "succeeded"]);
    // Each was created upstream exactly once.
    for (const task of done)
      expect(fake.calls("/sora/videos").filter((c) => c.body?.prompt === task.request.prompt)).toHaveLength(1);
  }, 90_000);
});
