import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { FakeUpstream } from "../support/fake-upstream";
import { postJson, startStudio, startStudioAgainst, waitFor, type Studio } from "../support/studio";
import { stopAfterAll } from "../support/suite";
import { videoRequest } from "../support/requests";

// The whole studio on PostgreSQL through DATABASE_URL (same code as SQLite), and a bad
// environment refused at start with the variable named.

const pgUrl = process.env.TEST_DATABASE_URL;
const valid = videoRequest("A heron on a frozen lake", { orientation: "square" });

it("refuses to start with an invalid DATABASE_URL, naming it", async () => {
  await expect(startStudio({ DATABASE_URL: "mysql://root@localhost/test" })).rejects.toThrow(
    /DATABASE_URL must be a postgres:\/\/ URL/,
  );
});

describe.skipIf(!pgUrl)("the studio on PostgreSQL", () => {
  const schema = `studio_e2e_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  let studio: Studio | undefined;
  let admin: import("pg").Client;

  afterAll(async () => {
    await studio?.stop();
    if (admin) {
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  });

  it("generates a video with every row in Postgres", async () => {
    const { default: pg } = await import("pg");
    admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const url = new URL(pgUrl as string);
    url.searchParams.set("options", `-c search_path=${schema}`);
    studio = await startStudio({ DATABASE_URL: url.toString(), EMULATOR_LATENCY_MS: "1000" });

    const health = await (await fetch(`${studio.url}/api/health`)).json();
    expect(health.database).toEqual({ kind: "postgres", ok: true });
    expect(JSON.stringify(health)).not.toContain(url.host); // never the connection string

    const res = await postJson(`${studio.url}/api/videos`, valid);
    expect(res.status).toBe(202);
    const task = await waitFor("succeeded", async () => {
      const t = (await (await fetch(`${studio!.url}/api/tasks/${res.json.task.id}`)).json()).task;
      return t.state === "succeeded" ? t : undefined;
    });
    const rows = await admin.query(
      `select t.state, t.upstream_task_id, v.id as video_id from ${schema}.tasks t join ${schema}.videos v on v.task_id = t.id where t.id = $1`,
      [task.id],
    );
    expect(rows.rows).toEqual([
      { state: "succeeded", upstream_task_id: task.upstreamTaskId, video_id: task.videos[0].id },
    ]);
    const media = await fetch(`${studio.url}${task.videos[0].url}`, { headers: { range: "bytes=0-15" } });
    expect(media.status).toBe(206);
  });
});

describe("the poller when idle", () => {
  const stopLater = stopAfterAll();

  it("asks upstream nothing at all once no task is unfinished", async () => {
    const fake = stopLater(await new FakeUpstream().start());
    const idle = stopLater(await startStudioAgainst(fake, "idle-token"));
    await new Promise((r) => setTimeout(r, 1000));
    expect(fake.requests).toHaveLength(0); // a fresh studio makes no calls

    const res = await postJson(`${idle.url}/api/videos`, valid);
    const upstreamId = res.json.task.upstreamTaskId as string;
    fake.responses.set(upstreamId, {
      success: true,
      task_id: upstreamId,
      data: [{ id: "v", video_url: `${fake.url}/video.mp4?se=${Math.floor(Date.now() / 1000) + 999}` }],
    });
    await waitFor("succeeded", async () =>
      (await (await fetch(`${idle.url}/api/tasks/${res.json.task.id}`)).json()).task.state === "succeeded"
        ? true
        : undefined,
    );
    const callsWhenDone = fake.requests.length;
    await new Promise((r) => setTimeout(r, 1500)); // several poll intervals (200 ms here)
    expect(fake.requests.length).toBe(callsWhenDone);
  });
});
