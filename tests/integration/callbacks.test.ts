import { createHash, randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { FakeUpstream } from "../support/fake-upstream";
import { CALLBACKS_ONLY, fetchTask, postJson, startStudioAgainst, waitFor, type Studio } from "../support/studio";
import { stopAfterAll, studioWithFakeUpstream } from "../support/suite";
import { videoRequest } from "../support/requests";

// Callbacks against a recording fake of AceData. Polling is set so slow (60 s) that only a
// callback can move a task during a test: whatever changes, the callback route changed it.

const valid = videoRequest("A paper boat on a river");
let fake: FakeUpstream;
let studio: Studio;

studioWithFakeUpstream(
  "callback-test-token",
  {
    ...CALLBACKS_ONLY,
    UPSTREAM_TIMEOUT_MS: "1500",
    UPSTREAM_MAX_IN_FLIGHT: "100",
  },
  (started) => ({ fake, studio } = started),
);

/** Submits a task and returns it with the callback URL the upstream was given. */
async function submitted(prompt = valid.prompt) {
  const res = await postJson(`${studio.url}/api/videos`, { ...valid, prompt });
  expect(res.status).toBe(202);
  const body = fake.createdWith.get(res.json.task.upstreamTaskId) as { callback_url: string };
  return { task: res.json.task, callbackUrl: body.callback_url, upstreamId: res.json.task.upstreamTaskId as string };
}

const success = (upstreamId: string) => ({
  success: true,
  task_id: upstreamId,
  data: [
    {
      id: "sora-2:task_cb",
      state: "succeeded",
      video_url: `${fake.url}/video.mp4?st=1&se=${Math.floor(Date.now() / 1000) + 86400}&sig=x`,
    },
  ],
});

const retrieves = (upstreamId: string) =>
  fake.calls("/sora/tasks").filter((c) => c.body?.action === "retrieve" && c.body.id === upstreamId).length;

describe("callback URL", () => {
  it("each submission carries its own 256-bit secret URL, and the database keeps only its hash", async () => {
    const a = await submitted("first");
    const b = await submitted("second");
    const pattern = new RegExp(`^${studio.url}/api/callbacks/([0-9a-f]{64})$`);
    const secretA = pattern.exec(a.callbackUrl)?.[1];
    const secretB = pattern.exec(b.callbackUrl)?.[1];
    expect(secretA).toBeDefined();
    expect(secretA).not.toBe(secretB);
    const file = new Database(path.join(studio.dataDir, "studio.sqlite"), { readonly: true });
    try {
      const row = file.prepare("select callback_secret_hash from tasks where id = ?").get(a.task.id) as {
        callback_secret_hash: string;
      };
      expect(row.callback_secret_hash).toBe(
        createHash("sha256")
          .update(secretA as string)
          .digest("hex"),
      );
      const everything = JSON.stringify(file.prepare("select * from tasks").all());
      expect(everything).not.toContain(secretA);
      // Nor does the browser or the log ever see it.
      expect(await (await fetch(`${studio.url}/api/tasks?limit=100`)).text()).not.toContain(secretA);
      expect(await (await fetch(`${studio.url}/api/tasks/${a.task.id}`)).text()).not.toContain(secretA);
      expect(studio.output()).not.toContain(secretA);
    } finally {
      file.close();
    }
  });
});

describe("receiving a callback", () => {
  it("trusts a claimed success only once retrieve confirms it", async () => {
    const { task: t, callbackUrl, upstreamId } = await submitted();
    // The body claims success, but AceData itself still says pending: nothing finishes.
    const early = await postJson(callbackUrl, success(upstreamId));
    expect(early.status).toBe(200);
    expect(retrieves(upstreamId)).toBe(1);
    expect((await fetchTask(studio, t.id)).state).toBe("submitted");
    // Now AceData agrees: the same callback finishes the task at once.
    fake.responses.set(upstreamId, success(upstreamId));
    const real = await postJson(callbackUrl, success(upstreamId));
    expect(real.json).toEqual({ received: true, outcome: "applied" });
    const done = await fetchTask(studio, t.id);
    expect(done.state).toBe("succeeded");
    expect(done.videos).toHaveLength(1);
  });

  it("a replayed callback for a finished task changes nothing and asks upstream nothing", async () => {
    const { task: t, callbackUrl, upstreamId } = await submitted();
    fake.responses.set(upstreamId, success(upstreamId));
    await postJson(callbackUrl, success(upstreamId));
    const finished = await fetchTask(studio, t.id);
    const calls = retrieves(upstreamId);
    const replay = await postJson(callbackUrl, {
      success: false,
      task_id: upstreamId,
      error: { code: "forbidden", message: "late" },
    });
    expect(replay.status).toBe(200);
    expect(replay.json.outcome).toBe("already_finished");
    expect(retrieves(upstreamId)).toBe(calls);
    expect(await fetchTask(studio, t.id)).toEqual(finished);
  });

  it("a callback reporting failure ends the task with the provider's reason (after retrieve)", async () => {
    const { task: t, callbackUrl, upstreamId } = await submitted();
    const failure = {
      success: false,
      task_id: upstreamId,
      data: [{ id: "v", state: "failed" }],
      error: "the clip shows a real person",
    };
    fake.responses.set(upstreamId, failure);
    const res = await postJson(callbackUrl, failure);
    expect(res.json.outcome).toBe("applied");
    const failed = await fetchTask(studio, t.id);
    expect(failed.state).toBe("failed");
    expect(failed.error.message).toContain("the clip shows a real person");
  });

  it("forged secrets get 404 and change nothing, with no upstream call", async () => {
    const { task: t, callbackUrl, upstreamId } = await submitted();
    const before = fake.requests.length;
    const forged = [
      `${studio.url}/api/callbacks/${randomBytes(32).toString("hex")}`,
      `${studio.url}/api/callbacks/not-a-secret`,
      `${callbackUrl.slice(0, -1)}${callbackUrl.endsWith("0") ? "1" : "0"}`,
      // What the database stores (the secret's hash) is no key either.
      `${studio.url}/api/callbacks/${createHash("sha256")
        .update(callbackUrl.split("/").pop() as string)
        .digest("hex")}`,
    ];
    for (const url of forged) {
      const res = await postJson(url, success(upstreamId));
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
    expect(fake.requests.length).toBe(before);
    expect(await fetchTask(studio, t.id)).toEqual(t);
  });

  it("malformed bodies get 400 naming the problem, and change nothing", async () => {
    const { task: t, callbackUrl, upstreamId } = await submitted();
    const before = fake.requests.length;
    const cases: [unknown, string][] = [
      ["{not json", "invalid_json"],
      ["", "invalid_json"],
      [[1, 2], "invalid_callback"],
      [{ success: true }, "invalid_callback"],
      [{ task_id: 42 }, "invalid_callback"],
      [{ task_id: randomUUID(), success: true }, "invalid_callback"], // another task's id
      [{ task_id: upstreamId, success: "yes" }, "invalid_callback"],
    ];
    for (const [body, code] of cases) {
      const res = await postJson(callbackUrl, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe(code);
    }
    const huge = await postJson(callbackUrl, { task_id: upstreamId, pad: "x".repeat(300 * 1024) });
    expect(huge.status).toBe(413);
    expect(fake.requests.length).toBe(before);
    expect(await fetchTask(studio, t.id)).toEqual(t);
  });

  it("when retrieve fails, the callback is accepted (202) and the task left for the poller", async () => {
    const { task: t, callbackUrl, upstreamId } = await submitted();
    fake.retrieveAnswers.push({ status: 503, body: { success: false, error: "busy" } });
    const res = await postJson(callbackUrl, success(upstreamId));
    expect(res.status).toBe(202);
    expect(res.json.outcome).toBe("deferred");
    expect((await fetchTask(studio, t.id)).state).toBe("submitted");
  });
});

describe("a submission whose answer was lost", () => {
  it("is not resent, and is adopted when AceData's callback proves it was created", async () => {
    const createsBefore = fake.calls("/sora/videos").length;
    fake.createAnswers.push({ status: 200, body: { task_id: "never-seen" }, reset: true });
    const res = await postJson(`${studio.url}/api/videos`, { ...valid, prompt: "lost answer" });
    expect(res.status).toBe(503);
    expect(res.json.task).toMatchObject({ state: "failed", error: { code: "submit_outcome_unknown" } });
    expect(res.json.task.error.message).toMatch(/did not send it again.*callback will bring it here/);
    await new Promise((r) => setTimeout(r, 1200));
    expect(fake.calls("/sora/videos").length).toBe(createsBefore + 1);

    // AceData did create it: its record echoes the request, callback URL included.
    const sent = fake.calls("/sora/videos").at(-1)!.body as { callback_url: string };
    const realId = randomUUID();
    fake.createdWith.set(realId, sent);
    fake.responses.set(realId, success(realId));

    // A callback for an upstream task made with some other callback URL is refused.
    const otherId = randomUUID();
    fake.createdWith.set(otherId, {
      ...sent,
      callback_url: `${studio.url}/api/callbacks/${randomBytes(32).toString("hex")}`,
    });
    const wrong = await postJson(sent.callback_url, { task_id: otherId, success: true });
    expect(wrong.status).toBe(400);
    expect((await fetchTask(studio, res.json.task.id)).state).toBe("failed");

    const adopted = await postJson(sent.callback_url, success(realId));
    expect(adopted.json.outcome).toBe("applied");
    const t = await fetchTask(studio, res.json.task.id);
    expect(t).toMatchObject({ state: "succeeded", upstreamTaskId: realId, error: null });
    expect(fake.calls("/sora/videos").length).toBe(createsBefore + 1);
  });
});

describe("a kill -9 in the middle of a create call", () => {
  const stopLater = stopAfterAll();

  it("is never sent again after the restart: it ends as outcome unknown, and its callback can still adopt it", async () => {
    const crashy = stopLater(
      await startStudioAgainst(fake, "crash-token", {
        STUDIO_PUBLIC_URL: "$STUDIO_URL",
        UPSTREAM_TIMEOUT_MS: "2000",
        POLL_INTERVAL_MS: "200",
      }),
    );
    const createsBefore = fake.calls("/sora/videos").length;
    const upstreamId = randomUUID();
    // AceData takes the task but answers slowly; the studio dies before the answer arrives.
    fake.createAnswers.push({ status: 200, body: { task_id: upstreamId }, delayMs: 1500 });
    const pending = postJson(`${crashy.url}/api/videos`, { ...valid, prompt: "killed mid-create" }).catch(
      () => undefined,
    );
    await waitFor("the create call", async () =>
      fake.calls("/sora/videos").length > createsBefore ? true : undefined,
    );
    await crashy.stop("SIGKILL");
    await pending;
    await crashy.restart();

    const list = async () => (await (await fetch(`${crashy.url}/api/tasks?limit=100`)).json()).items as any[];
    const mine = (await list()).find((t) => t.request.prompt === "killed mid-create");
    expect(mine.state).toBe("queued"); // claimed, outcome unknown for now
    const settled = await waitFor(
      "outcome unknown",
      async () => {
        const t = (await list()).find((x) => x.id === mine.id);
        return t.state === "failed" ? t : undefined;
      },
      30_000,
      300,
    );
    expect(settled.error.code).toBe("submit_outcome_unknown");
    expect(settled.error.message).toMatch(/stopped while submitting.*did not send it again/);
    expect(fake.calls("/sora/videos").length).toBe(createsBefore + 1);

    // AceData's callback for the task it did create brings it back.
    const sent = fake.createdWith.get(upstreamId) as { callback_url: string };
    fake.responses.set(upstreamId, success(upstreamId));
    const adopted = await postJson(sent.callback_url, success(upstreamId));
    expect(adopted.json.outcome).toBe("applied");
    expect(await fetchTask(crashy, mine.id)).toMatchObject({
      state: "succeeded",
      upstreamTaskId: upstreamId,
    });
    expect(fake.calls("/sora/videos").length).toBe(createsBefore + 1);
  });
});
