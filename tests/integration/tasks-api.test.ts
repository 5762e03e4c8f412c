import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Task } from "@/lib/schemas/task";
import type { TaskEvent } from "@/lib/server/db/change-feed";

// GET /api/tasks and PATCH /api/tasks/:id through their route handlers (no build needed), on a
// SQLite studio of their own: what a client sees for good and bad input, and the live event an
// edit sends to every open gallery. The queries behind them run on both databases in task-list.test.ts.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-api-"));
process.env.STUDIO_DATA_DIR = dataDir;
delete process.env.DATABASE_URL;
process.env.LOG_LEVEL = "silent";

const list = await import("@/app/api/tasks/route");
const one = await import("@/app/api/tasks/[id]/route");
const { db } = await import("@/lib/server/db");
const repo = await import("@/lib/server/db/tasks-repo");
const { taskEvents } = await import("@/lib/server/db/change-feed");

const get = async (query: string) => {
  const res = await list.GET(new Request(`http://studio/api/tasks${query}`), {});
  return { status: res.status, body: await res.json() };
};
const patch = async (id: string, body: unknown) => {
  const res = await one.PATCH(
    new Request(`http://studio/api/tasks/${id}`, {
      method: "PATCH",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": "application/json" },
    }),
    { params: Promise.resolve({ id }) },
  );
  return { status: res.status, body: await res.json() };
};

beforeAll(async () => {
  const database = await db();
  for (let i = 0; i < 60; i++) {
    await repo.insertTask(database, {
      id: `api-${String(i).padStart(2, "0")}`,
      request: {
        prompt: i % 3 === 0 ? `一只鲸鱼 number ${i}` : `A lighthouse number ${i}`,
        model: i % 2 ? "sora-2-pro" : "sora-2",
        size: "small",
        duration: 10,
        orientation: "landscape",
      },
      now: new Date(Date.UTC(2026, 2, 1 + Math.floor(i / 10), i)).toISOString(),
    });
  }
});
afterAll(async () => {
  await (await db()).destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("GET /api/tasks", () => {
  it("answers a page of LIST_LIMIT_DEFAULT (48) newest first, then the rest by cursor", async () => {
    const first = await get("");
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(48);
    expect(first.body.items[0].id).toBe("api-59");
    expect(first.body.items[0]).toMatchObject({ favourite: false, tags: [], notes: "", rating: null, runId: null });
    const second = await get(`?cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(12);
    expect(second.body.nextCursor).toBeNull();
  });

  it("reads every filter from the query string", async () => {
    const { body } = await get(
      "?q=%E9%B2%B8%E9%B1%BC&model=sora-2-pro&size=small&duration=10&orientation=landscape&from=2026-03-02&to=2026-03-03&limit=100",
    );
    expect(body.items.map((t: Task) => t.id)).toEqual(["api-21", "api-15"]); // api-27 is at 03:00 on 2026-03-04
    expect((await get("?state=queued&limit=5")).body.items).toHaveLength(5);
    expect((await get("?favourite=1")).body.items).toEqual([]);
    expect((await get("?tag=none")).body.items).toEqual([]);
    expect((await get("?q=")).body.items).toHaveLength(48); // an empty search is no search
  });

  it.each([
    // No model of any service makes 99 s (12 s is a Seedance length).
    ["duration=99", "duration", "duration must be one of 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 25"],
    ["state=done", "state", "state must be one of queued, submitted, processing, succeeded, failed"],
    ["model=sora-3", "model", "model must be a model of the catalog (GET /api/models)"],
    ["size=huge", "size", "size must be one of small, large, 480p, std, 720p, pro, 1080p, 4k"],
    ["orientation=round", "orientation", "orientation must be one of landscape, portrait, square"],
    ["from=yesterday", "from", "from must be a date like 2026-11-25"],
    ["to=2026-02-30", "to", "2026-02-30 is not a day of the calendar"],
    ["favourite=yes", "favourite", "favourite must be 1 (or left out)"],
    ["limit=1000", "limit", "limit is at most 100"],
    ["limit=0", "limit", undefined],
    [`q=${"x".repeat(201)}`, "q", "Search is at most 200 characters"],
    [`tag=${"x".repeat(41)}`, "tag", "A tag is at most 40 characters"],
    ["cursor=garbage", "cursor", "Unreadable cursor"],
    ["colour=red", "colour", "Unknown field: colour"],
  ])("refuses %s with 400 naming %s", async (query, field, message) => {
    const { status, body } = await get(`?${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.issues[0].path).toBe(field);
    if (message) expect(body.error.issues[0].message).toBe(message);
    expect(body.error.message).toContain(field);
  });
});

describe("PATCH /api/tasks/:id", () => {
  it("changes the star, tags, notes and rating, answers the task, and sends it to open galleries", async () => {
    const hub = taskEvents();
    const seen: TaskEvent[] = [];
    const unsubscribe = hub.subscribe((events) => seen.push(...events));
    await hub.head();
    try {
      const { status, body } = await patch("api-03", {
        favourite: true,
        tags: [" Moody ", "night", "moody", "Client A"],
        notes: "use for the trailer",
        rating: 5,
      });
      expect(status).toBe(200);
      expect(body.task).toMatchObject({
        id: "api-03",
        favourite: true,
        tags: ["client a", "moody", "night"],
        notes: "use for the trailer",
        rating: 5,
      });
      await expect.poll(() => seen.filter((e) => e.kind === "changed" && e.task.id === "api-03").length).toBe(1);
      const event = seen.find((e) => e.kind === "changed" && e.task.id === "api-03");
      expect(event?.kind === "changed" && event.task).toMatchObject({
        favourite: true,
        tags: ["client a", "moody", "night"],
        rating: 5,
      });
    } finally {
      unsubscribe();
    }
    expect((await get("?tag=MOODY")).body.items.map((t: Task) => t.id)).toEqual(["api-03"]);
    expect((await get("?favourite=1")).body.items.map((t: Task) => t.id)).toEqual(["api-03"]);
    // Fields left out stay as they are; null clears the rating.
    const { body } = await patch("api-03", { rating: null });
    expect(body.task).toMatchObject({
      favourite: true,
      tags: ["client a", "moody", "night"],
      notes: "use for the trailer",
      rating: null,
    });
  });

  it("answers 404 for an unknown task", async () => {
    const { status, body } = await patch("no-such-task", { favourite: true });
    expect(status).toBe(404);
    expect(body.error.code).toBe("not_found");
  });

  it.each([
    [{ rating: 6 }, "rating", "rating must be a whole number from 1 to 5, or null"],
    [{ rating: 2.5 }, "rating", "rating must be a whole number from 1 to 5, or null"],
    [{ favourite: "yes" }, "favourite", "favourite must be true or false"],
    [{ notes: "x".repeat(2001) }, "notes", "Notes are at most 2000 characters"],
    [{ tags: "moody" }, "tags", "tags must be a list of text"],
    [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, "tags", "At most 20 tags"],
    [{ tags: ["ok", "  "] }, "tags.1", "A tag cannot be empty"],
    [{ tags: ["x".repeat(41)] }, "tags.0", "A tag is at most 40 characters"],
    [{ tags: ["a,b"] }, "tags.0", "A tag cannot contain commas or control characters"],
    [{ state: "succeeded" }, "state", "Unknown field: state"],
    [{}, "(body)", "Send at least one of favourite, tags, notes, rating"],
  ])("refuses %j with 400 naming %s", async (body, field, message) => {
    const before = await repo.findTask(await db(), "api-04");
    const res = await patch("api-04", body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_request");
    expect(res.body.error.issues[0]).toEqual({ path: field, message });
    expect(await repo.findTask(await db(), "api-04")).toEqual(before);
  });

  it("refuses a body that is not JSON", async () => {
    const { status, body } = await patch("api-04", "{nope");
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_json");
  });
});
