import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as repo from "@/lib/server/db/tasks-repo";
import * as taskList from "@/lib/server/db/task-list";
import type { Task } from "@/lib/schemas/task";
import { VARIATIONS_MAX } from "@/lib/schemas/variations";
import { databaseTargets, studioTargets } from "../support/databases";
import { FakeUpstream } from "../support/fake-upstream";
import { postJson, startStudioAgainst, waitFor, type Studio } from "../support/studio";
import { startForSuite, stopAfterAll } from "../support/suite";
import { videoRequest } from "../support/requests";

// POST /api/runs over real HTTP against the production server, on SQLite and (with
// TEST_DATABASE_URL) Postgres: refusals store nothing, a matrix becomes one run of tasks the
// list finds by its id, and the submission queue paces a run like any queued tasks.

const base = videoRequest("A lantern festival over the river");

const targets = studioTargets({ EMULATOR_LATENCY_MS: "1000" });

describe.each(targets)("POST /api/runs on $name", (target) => {
  let studio: Studio;
  startForSuite(target, (started) => {
    studio = started;
  });

  const allTasks = async (): Promise<Task[]> => (await (await fetch(`${studio.url}/api/tasks?limit=100`)).json()).items;
  const run = (body: unknown) => postJson(`${studio.url}/api/runs`, body);

  it("refuses more than VARIATIONS_MAX videos at `variations`, naming the count and the cap, and stores nothing", async () => {
    const before = (await allTasks()).length;
    // 2 models × 2 durations × 2 orientations × 2 sizes = 16.
    const res = await run({
      request: base,
      variations: {
        mode: "matrix",
        models: ["sora-2", "sora-2-pro"],
        durations: [10, 15],
        orientations: ["landscape", "portrait"],
        sizes: ["small", "large"],
      },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
    expect(res.json.error.issues).toHaveLength(1);
    expect(res.json.error.issues[0].path).toBe("variations");
    expect(res.json.error.issues[0].message).toContain("16 videos");
    expect(res.json.error.issues[0].message).toContain(`at most ${VARIATIONS_MAX}`);
    expect((await allTasks()).length).toBe(before);
  });

  it("refuses a batch with no valid combination at `variations`, with the schema's reason", async () => {
    const before = (await allTasks()).length;
    const res = await run({ request: base, variations: { mode: "matrix", durations: [25] } });
    expect(res.status).toBe(400);
    expect(res.json.error.issues).toEqual([
      { path: "variations", message: expect.stringContaining("25 s videos need sora-2-pro") },
    ]);
    expect((await allTasks()).length).toBe(before);
  });

  it("refuses an invalid base request with the field named, and a bad spec at its path", async () => {
    const before = (await allTasks()).length;
    const noPrompt = await run({ request: { ...base, prompt: "  " }, variations: { mode: "repeat", count: 2 } });
    expect(noPrompt.status).toBe(400);
    expect(noPrompt.json.error.issues).toEqual([{ path: "request.prompt", message: "Write a prompt" }]);
    const badCount = await run({ request: base, variations: { mode: "repeat", count: 5 } });
    expect(badCount.status).toBe(400);
    expect(badCount.json.error.issues.map((i: { path: string }) => i.path)).toEqual(["variations.count"]);
    const unknown = await run({ request: base, variations: { mode: "repeat", count: 2 }, extra: 1 });
    expect(unknown.json.error.issues.map((i: { path: string }) => i.path)).toEqual(["extra"]);
    const malformed = await run("{");
    expect(malformed.status).toBe(400);
    expect((await allTasks()).length).toBe(before);
  });

  it("refuses an upload reference that does not exist, at its field, and stores nothing", async () => {
    const before = (await allTasks()).length;
    const missing = `/api/uploads/${"ab".repeat(16)}`;
    const res = await run({ request: { ...base, image_urls: [missing] }, variations: { mode: "repeat", count: 3 } });
    expect(res.status).toBe(400);
    expect(res.json.error.issues.map((i: { path: string }) => i.path)).toEqual(["request.image_urls.0"]);
    expect((await allTasks()).length).toBe(before);
  });

  it("makes a 2 × 2 matrix one run of 4 tasks, which GET /api/tasks?run= returns exactly", async () => {
    const res = await run({
      request: base,
      variations: { mode: "matrix", orientations: ["portrait", "landscape"], durations: [15, 10] },
    });
    expect(res.status).toBe(201);
    const { runId, tasks } = res.json as { runId: string; tasks: Task[] };
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(tasks).toHaveLength(4);
    expect(new Set(tasks.map((t) => t.runId))).toEqual(new Set([runId]));
    expect(tasks.map((t) => `${t.request.duration}/${t.request.orientation}`)).toEqual([
      "10/landscape",
      "10/portrait",
      "15/landscape",
      "15/portrait",
    ]);
    for (const t of tasks) expect(t.request.prompt).toBe(base.prompt);

    // An unrelated task is not part of it.
    await postJson(`${studio.url}/api/videos`, { ...base, prompt: "Not in the run" });
    const listed = await (await fetch(`${studio.url}/api/tasks?run=${runId}`)).json();
    expect(listed.items.map((t: Task) => t.id).sort()).toEqual(tasks.map((t) => t.id).sort());
    // Newest first, as every list: the run's last combination on top.
    expect(listed.items[0].id).toBe(tasks[3]?.id);
    expect((await (await fetch(`${studio.url}/api/tasks?run=${randomUUID()}`)).json()).items).toEqual([]);
    const bad = await fetch(`${studio.url}/api/tasks?run=nope`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toBe("run");

    // The queue submits all of them; each finishes like any task.
    const finished = await waitFor(
      "the run to finish",
      async () => {
        const items: Task[] = (await (await fetch(`${studio.url}/api/tasks?run=${runId}`)).json()).items;
        return items.every((t) => t.state === "succeeded" || t.state === "failed") ? items : undefined;
      },
      60_000,
      300,
    ).catch(async (error) => {
      const items: Task[] = (await (await fetch(`${studio.url}/api/tasks?run=${runId}`)).json()).items;
      throw new Error(
        `${error}: ${JSON.stringify(items.map((t) => [t.state, t.error, t.attempts, t.nextAttemptAt]))}\n${studio.output().slice(-3000)}`,
      );
    });
    expect(finished.map((t) => [t.state, t.error])).toEqual(finished.map(() => ["succeeded", null]));
  }, 90_000);
});

describe("a run's pace", () => {
  const stopLater = stopAfterAll();

  // Measured where the pace is kept: when upstream receives each create call. (The tasks'
  // submittedAt is stamped when each answer is stored, so it also carries each call's latency.)
  it("is the submission queue's: one submission per UPSTREAM_MIN_SUBMIT_INTERVAL_MS", async () => {
    const fake = stopLater(await new FakeUpstream().start());
    const studio = stopLater(
      await startStudioAgainst(fake, "pace-test-token", { UPSTREAM_MIN_SUBMIT_INTERVAL_MS: "700" }),
    );
    // One generation first, so the run's first call is not slowed by a cold start.
    expect((await postJson(`${studio.url}/api/videos`, base)).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 800));
    const res = await postJson(`${studio.url}/api/runs`, { request: base, variations: { mode: "repeat", count: 3 } });
    expect(res.status).toBe(201);
    const creates = () => fake.calls("/sora/videos");
    await waitFor("every task sent upstream", async () => (creates().length >= 4 ? true : undefined), 30_000, 100);
    const times = creates().map((r) => r.at);
    expect(times).toHaveLength(4);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(650);
  }, 60_000);
});

describe.each(databaseTargets())("insertTasks on $name", ({ open }) => {
  it("stores a run's tasks all together or not at all", async () => {
    const { db, cleanup } = await open();
    try {
      const runId = randomUUID();
      const now = "2026-11-25T10:00:00.000Z";
      await repo.insertTask(db, { id: "taken", request: base, now });
      // The third collides with an existing id: the first two must not stay behind.
      await expect(
        repo.insertTasks(
          db,
          ["r1", "r2", "taken"].map((id) => ({ id, request: base, now, runId })),
        ),
      ).rejects.toThrow();
      expect((await taskList.listTasks(db, { limit: 10 })).items.map((t) => t.id)).toEqual(["taken"]);
      const made = await repo.insertTasks(
        db,
        ["r1", "r2"].map((id) => ({ id, request: base, now, runId })),
      );
      expect(made.map((t) => t.runId)).toEqual([runId, runId]);
      expect((await taskList.listTasks(db, { limit: 10, run: runId })).items.map((t) => t.id)).toEqual(["r2", "r1"]);
    } finally {
      await cleanup();
    }
  });
});
