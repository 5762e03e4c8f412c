import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/server/db";
import { holdLease } from "@/lib/server/db/leases-repo";
import * as repo from "@/lib/server/db/tasks-repo";
import * as taskList from "@/lib/server/db/task-list";
import * as eventLog from "@/lib/server/db/task-events-repo";
import type { Database } from "@/lib/server/db/schema";
import type { GenerationRequest } from "@/lib/schemas/generation";
import { databaseTargets } from "../support/databases";
import { openForSuite } from "../support/suite";

// The same repository code on SQLite (always) and on Postgres (when TEST_DATABASE_URL is set):
// any dialect difference that creeps into a query fails here.

const request = (prompt: string, model: GenerationRequest["model"] = "sora-2"): GenerationRequest => ({
  prompt,
  model,
  size: "small",
  duration: 10,
  orientation: "landscape",
});
const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();

describe.each(databaseTargets())("persistence on $name", (target) => {
  let db: Kysely<Database>;
  openForSuite(target, (opened) => {
    db = opened;
  });
  /** Inserts a queued task of `prompt`, created at second `i`, and returns its id. */
  const insertedAt = async (i: number, prompt: string) => {
    const id = randomUUID();
    await repo.insertTask(db, { id, request: request(prompt), now: at(i) });
    return id;
  };

  it("stores a task and reads it back with its request intact", async () => {
    const id = randomUUID();
    const req = {
      ...request('A whale — 鲸鱼 — in "quotes"'),
      image_urls: ["https://example.com/a.png"],
      character_url: "https://example.com/c.mp4",
      character_start: 1,
      character_end: 2.5,
    };
    await repo.insertTask(db, { id, request: req, now: at(1) });
    const task = await repo.findTask(db, id);
    expect(task).toMatchObject({
      id,
      state: "queued",
      request: req,
      videos: [],
      attempts: 0,
      error: null,
      createdAt: at(1),
    });
    expect(await repo.findTask(db, randomUUID())).toBeUndefined();
  });

  it("applies a patch only from the expected state, and stores videos with it", async () => {
    const id = await insertedAt(2, "patch me");
    expect(await repo.updateTaskIf(db, id, "processing", { state: "succeeded", updated_at: at(3) })).toBe(false);
    const videos = [
      {
        id: randomUUID(),
        upstreamId: "sora-2:task_a",
        sourceUrl: "https://files.example/a.mp4?se=1",
        expiresAt: at(99),
      },
    ];
    expect(
      await repo.updateTaskIf(db, id, "queued", { state: "succeeded", updated_at: at(3), finished_at: at(3) }, videos),
    ).toBe(true);
    const task = await repo.findTask(db, id);
    expect(task?.state).toBe("succeeded");
    expect(task?.videos).toEqual([
      {
        id: videos[0]!.id,
        url: `/api/media/${videos[0]!.id}`,
        expiresAt: at(99),
        archived: false,
        size: null,
        archiveError: null,
        posterUrl: null,
      },
    ]);
    expect((await repo.findVideo(db, videos[0]!.id))?.source_url).toBe(videos[0]!.sourceUrl);
  });

  it("lets exactly one claimant submit a queued task", async () => {
    const id = await insertedAt(4, "claim me");
    const results = await Promise.all([0, 1, 2, 3].map(() => repo.claimForSubmit(db, id, at(65))));
    expect(results.filter(Boolean)).toHaveLength(1);
    // A claim that ran out is never taken over (its create call may have reached AceData): it is abandoned.
    expect(await repo.claimForSubmit(db, id, at(130))).toBe(false);
    expect((await repo.listAbandonedClaims(db, at(70))).map((r) => r.id)).toContain(id);
    expect((await repo.listAbandonedClaims(db, at(60))).map((r) => r.id)).not.toContain(id);
  });

  it("finds due queued tasks, unfinished tasks and counts in-flight ones", async () => {
    const due = await insertedAt(6, "due");
    const later = await insertedAt(7, "later");
    await repo.updateTaskIf(db, later, "queued", { state: "queued", next_attempt_at: "2999-01-01T00:00:00.000Z" });
    const flying = await insertedAt(8, "flying");
    const before = await repo.countInFlight(db);
    expect((await repo.listDueQueued(db, at(61), 100)).map((r) => r.id)).toContain(due);
    await repo.updateTaskIf(db, flying, "queued", { state: "submitted", upstream_task_id: randomUUID() });
    expect(await repo.countInFlight(db)).toBe(before + 1);
    // A queued task being submitted right now (claimed) takes a slot too, until its outcome is known.
    expect(await repo.claimForSubmit(db, due, at(90))).toBe(true);
    expect(await repo.countInFlight(db)).toBe(before + 2);
    expect((await repo.listDueQueued(db, at(61), 100)).map((r) => r.id)).not.toContain(due); // claimed
    expect((await repo.listDueQueued(db, at(91), 100)).map((r) => r.id)).not.toContain(due); // abandoned, not due
    expect((await repo.listDueQueued(db, at(91), 100)).map((r) => r.id)).not.toContain(later);
    expect((await repo.listUnfinished(db)).map((r) => r.id)).toContain(flying);
  });

  it("pages newest first with a cursor and filters by state, model and words (symbols are no wildcards)", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = randomUUID();
      ids.push(id);
      await repo.insertTask(db, {
        id,
        request: request(i === 3 ? "Sunset 100% _orange_ sky" : `page item ${i}`, i % 2 ? "sora-2-pro" : "sora-2"),
        now: at(20 + i),
      });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await taskList.listTasks(db, { limit: 2, cursor });
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const mine = seen.filter((id) => ids.includes(id));
    expect(mine).toEqual([...ids].reverse());
    expect(new Set(seen).size).toBe(seen.length);

    const pro = await taskList.listTasks(db, { limit: 100, model: "sora-2-pro" });
    expect(pro.items.every((t) => t.request.model === "sora-2-pro")).toBe(true);
    expect(pro.items.map((t) => t.id)).toEqual(expect.arrayContaining([ids[1], ids[3]]));
    expect((await taskList.listTasks(db, { limit: 100, q: "100% _ORANGE_" })).items.map((t) => t.id)).toEqual([ids[3]]);
    expect((await taskList.listTasks(db, { limit: 100, q: "%_" })).items).toEqual([]);
    expect(
      (await taskList.listTasks(db, { limit: 100, state: "succeeded" })).items.every((t) => t.state === "succeeded"),
    ).toBe(true);
  });

  it("rejects a second task with the same upstream task id", async () => {
    const upstream = randomUUID();
    const a = await insertedAt(40, "a");
    const b = await insertedAt(41, "b");
    await repo.updateTaskIf(db, a, "queued", { state: "submitted", upstream_task_id: upstream });
    await expect(
      repo.updateTaskIf(db, b, "queued", { state: "submitted", upstream_task_id: upstream }),
    ).rejects.toThrow();
    expect((await repo.findTask(db, b))?.state).toBe("queued");
  });

  it("logs one event per change, in order, in the same transaction as the change", async () => {
    const before = (await eventLog.eventBounds(db)).newest;
    const id = await insertedAt(50, "events");
    await repo.updateTaskIf(db, id, "queued", { state: "submitted", updated_at: at(51) });
    expect(await repo.updateTaskIf(db, id, "queued", { state: "failed", updated_at: at(52) })).toBe(false); // no change, no event
    const events = await eventLog.listEventsAfter(db, before, 100);
    expect(events.map((e) => [e.taskId, e.kind])).toEqual([
      [id, "changed"],
      [id, "changed"],
    ]);
    expect(events[1]!.seq).toBeGreaterThan(events[0]!.seq);
    expect(typeof events[0]!.seq).toBe("number");
    expect((await eventLog.eventBounds(db)).newest).toBe(events[1]!.seq);
    expect(await eventLog.listEventsAfter(db, events[0]!.seq, 100)).toEqual([events[1]]);
  });

  it("commits events in seq order, so a reader never skips one that commits late", async () => {
    const done: string[] = [];
    const slow = db.transaction().execute(async (trx) => {
      await eventLog.logEvent(trx, "first", "changed", at(55));
      await new Promise((r) => setTimeout(r, 300));
      done.push("first");
    });
    await new Promise((r) => setTimeout(r, 50));
    const fast = db.transaction().execute(async (trx) => {
      await eventLog.logEvent(trx, "second", "changed", at(56));
      done.push("second");
    });
    await Promise.all([slow, fast]);
    expect(done).toEqual(["first", "second"]);
  });

  it("deletes a task with its videos and an event, but not while it is being submitted", async () => {
    const id = await insertedAt(60, "delete me");
    expect(await repo.claimForSubmit(db, id, at(90))).toBe(true);
    expect(await repo.deleteTask(db, id, at(62))).toBe("busy");
    expect(await repo.findTask(db, id)).toBeDefined();
    await repo.updateTaskIf(db, id, "queued", { state: "succeeded", claimed_until: null }, [
      { id: randomUUID(), upstreamId: "v", sourceUrl: "https://x/v.mp4", expiresAt: null },
    ]);
    const before = (await eventLog.eventBounds(db)).newest;
    expect(await repo.deleteTask(db, id, at(63))).toEqual({ archiveKeys: [] });
    expect(await repo.findTask(db, id)).toBeUndefined();
    expect(await db.selectFrom("videos").selectAll().where("task_id", "=", id).execute()).toEqual([]);
    expect((await eventLog.listEventsAfter(db, before, 10)).map((e) => e.kind)).toEqual(["deleted"]);
    expect(await repo.deleteTask(db, id, at(64))).toBeUndefined();
  });

  it("finds tasks by upstream id and by callback hash; records poll bookkeeping without events", async () => {
    const id = randomUUID();
    const upstream = randomUUID();
    await repo.insertTask(db, {
      id,
      request: request("imported"),
      now: at(70),
      imported: { upstreamTaskId: upstream, traceId: "t", submittedAt: at(69) },
    });
    const found = await repo.findTaskByUpstreamId(db, upstream);
    expect(found).toMatchObject({ id, state: "submitted", origin: "import", submittedAt: at(69) });
    const other = randomUUID();
    await repo.insertTask(db, { id: other, request: request("cb"), now: at(71) });
    await repo.claimForSubmit(db, other, at(99), "ab".repeat(32));
    expect((await repo.findTaskRowByCallbackHash(db, "ab".repeat(32)))?.id).toBe(other);
    expect(await repo.findTaskRowByCallbackHash(db, "cd".repeat(32))).toBeUndefined();
    const before = (await eventLog.eventBounds(db)).newest;
    await repo.markPolled(db, [id], at(72), [{ id, missingPolls: 2 }]);
    const row = (await repo.listUnfinished(db)).find((r) => r.id === id);
    expect(row).toMatchObject({ last_polled_at: at(72) });
    expect(Number(row?.missing_polls)).toBe(2);
    expect((await eventLog.eventBounds(db)).newest).toBe(before);
    // A "poll now" mark set during a round survives that round's bookkeeping.
    await repo.markPollDue(db, id);
    await repo.markPolled(db, [id], at(73), []);
    expect((await repo.listUnfinished(db)).find((r) => r.id === id)?.last_polled_at).toBe("1970-01-01T00:00:00.000Z");
  });

  it("gives a lease to one holder at a time, renews it, and hands it over once it runs out", async () => {
    const name = `lease-${randomUUID()}`;
    expect(await holdLease(db, name, "a", at(0), at(10))).toBe(true); // fresh: created
    expect(await holdLease(db, name, "b", at(5), at(15))).toBe(false); // a's is live
    expect(await holdLease(db, name, "a", at(8), at(18))).toBe(true); // renewed
    expect(await holdLease(db, name, "b", at(17), at(27))).toBe(false);
    expect(await holdLease(db, name, "b", at(19), at(29))).toBe(true); // a's ran out
    expect(await holdLease(db, name, "a", at(20), at(30))).toBe(false);
  });

  it("prunes events older than a moment", async () => {
    const id = randomUUID();
    await repo.insertTask(db, { id, request: request("old"), now: "2000-01-01T00:00:00.000Z" });
    await eventLog.pruneEvents(db, "2001-01-01T00:00:00.000Z");
    const all = await eventLog.listEventsAfter(db, 0, 10_000);
    expect(all.some((e) => e.taskId === id)).toBe(false);
    expect(all.length).toBeGreaterThan(0);
  });
});

it("applies migrations once: reopening an existing database keeps its data", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-db-"));
  const first = await openDatabase({ dataDir: dir });
  const id = randomUUID();
  await repo.insertTask(first, { id, request: request("kept"), now: at(1) });
  await first.destroy();
  const second = await openDatabase({ dataDir: dir });
  expect((await repo.findTask(second, id))?.request.prompt).toBe("kept");
  await second.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});
