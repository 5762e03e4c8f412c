import { CompiledQuery, Migrator, sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as repo from "@/lib/server/db/tasks-repo";
import * as taskList from "@/lib/server/db/task-list";
import * as eventLog from "@/lib/server/db/task-events-repo";
import { migrationProvider } from "@/lib/server/db/migrations";
import type { Database } from "@/lib/server/db/schema";
import type { GenerationRequest } from "@/lib/schemas/generation";
import type { Task } from "@/lib/schemas/task";
import { databaseTargets } from "../support/databases";
import { insertSeeded, seedRows } from "../support/seed-tasks";

// The gallery's list on SQLite and (with TEST_DATABASE_URL) Postgres: every filter, their
// combinations, keyset paging, UTC day bounds, word search (English, Chinese, hostile input),
// user edits with their events, the 0005 backfill, and the query plans at 10,000 rows.

type Spec = {
  prompt: string;
  model?: GenerationRequest["model"];
  size?: GenerationRequest["size"];
  duration?: GenerationRequest["duration"];
  orientation?: GenerationRequest["orientation"];
  state?: string;
  at: string;
  favourite?: boolean;
  tags?: string[];
  run?: string;
};

/** A variation run two of the tasks below were made in. */
const RUN = "0b7f3c2e-5d1a-4c8e-9f60-2a4b6c8d0e1f";

const SPECS: Spec[] = [
  { prompt: "A red fox in the snow, cinematic", at: "2026-02-28T23:59:59.999Z", tags: ["Moody", "winter"] },
  {
    prompt: "An old lighthouse at dawn",
    model: "sora-2-pro",
    size: "large",
    duration: 25,
    state: "succeeded",
    at: "2026-03-01T00:00:00.000Z",
    favourite: true,
  },
  {
    prompt: "一只鲸鱼在海里游泳",
    orientation: "portrait",
    state: "succeeded",
    at: "2026-03-01T12:00:00.000Z",
    tags: ["水墨"],
  },
  {
    prompt: "Café scene with a foxglove bouquet",
    model: "sora-2-pro",
    size: "large",
    state: "succeeded",
    at: "2026-03-01T23:59:59.999Z",
    favourite: true,
    tags: ["moody"],
  },
  {
    prompt: "Sunset 100% orange sky over the harbour",
    duration: 15,
    orientation: "square",
    state: "failed",
    at: "2026-03-02T00:00:00.000Z",
  },
  {
    prompt: "The night market, 夜市 灯笼, handheld",
    model: "sora-2-pro",
    size: "large",
    orientation: "portrait",
    state: "succeeded",
    at: "2026-03-02T00:00:00.000Z",
    tags: ["night", "moody"],
  },
  { prompt: "Drop table of contents floating in space", state: "processing", at: "2026-03-03T08:00:00.000Z", run: RUN },
  {
    prompt: "A tiny robot or two, near a window",
    model: "sora-2-pro",
    duration: 15,
    state: "succeeded",
    at: "2026-03-04T08:00:00.000Z",
    favourite: true,
    tags: ["keeper"],
    run: RUN,
  },
];
// Eight more, one a day, to page through: same model and state, so a filter spans pages.
for (let i = 0; i < 8; i++)
  SPECS.push({
    prompt: `Paper boat number ${i} drifting`,
    model: "sora-2-pro",
    size: "large",
    state: "succeeded",
    at: `2026-03-${String(10 + i).padStart(2, "0")}T10:00:00.000Z`,
    tags: i % 2 ? ["boats"] : [],
  });

const newestFirst = (a: { at: string; id: string }, b: { at: string; id: string }) =>
  a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1;

describe.each(databaseTargets())("the gallery list on $name", ({ open }) => {
  let db: Kysely<Database>;
  let cleanup: () => Promise<void>;
  const made: (Spec & { id: string })[] = [];

  beforeAll(async () => {
    ({ db, cleanup } = await open());
    for (const [i, spec] of SPECS.entries()) {
      const id = `t${String(i).padStart(2, "0")}`;
      const request: GenerationRequest = {
        prompt: spec.prompt,
        model: spec.model ?? "sora-2",
        size: spec.size ?? "small",
        duration: spec.duration ?? 10,
        orientation: spec.orientation ?? "landscape",
      };
      await repo.insertTask(db, { id, request, now: spec.at, runId: spec.run });
      if (spec.state) await repo.updateTaskIf(db, id, "queued", { state: spec.state });
      if (spec.favourite || spec.tags)
        await repo.editTask(
          db,
          id,
          { favourite: spec.favourite, tags: spec.tags?.map((t) => t.toLowerCase()) },
          spec.at,
        );
      made.push({ ...spec, id });
    }
  });
  afterAll(async () => cleanup?.());

  const ids = async (filter: Omit<taskList.ListFilter, "limit">, limit = 100) =>
    (await taskList.listTasks(db, { limit, ...filter })).items.map((t) => t.id);
  const expected = (keep: (s: Spec & { id: string }) => boolean) =>
    made
      .filter(keep)
      .sort(newestFirst)
      .map((s) => s.id);

  it("applies each filter on its own", async () => {
    expect(await ids({})).toEqual(expected(() => true));
    expect(await ids({ state: "succeeded" })).toEqual(expected((s) => s.state === "succeeded"));
    expect(await ids({ state: "queued" })).toEqual(expected((s) => s.state === undefined));
    expect(await ids({ model: "sora-2-pro" })).toEqual(expected((s) => s.model === "sora-2-pro"));
    expect(await ids({ size: "large" })).toEqual(expected((s) => s.size === "large"));
    expect(await ids({ duration: 15 })).toEqual(expected((s) => s.duration === 15));
    expect(await ids({ duration: 25 })).toEqual(["t01"]);
    expect(await ids({ orientation: "portrait" })).toEqual(expected((s) => s.orientation === "portrait"));
    expect(await ids({ orientation: "square" })).toEqual(["t04"]);
    expect(await ids({ favourite: "1" })).toEqual(expected((s) => s.favourite === true));
    expect(await ids({ tag: "moody" })).toEqual(["t05", "t03", "t00"]);
    expect(await ids({ tag: " MOODY " })).toEqual(["t05", "t03", "t00"]); // the same spelling as stored
    expect(await ids({ tag: "boats" })).toEqual(expected((s) => s.tags?.includes("boats") === true));
    expect(await ids({ tag: "nope" })).toEqual([]);
    expect(await ids({ run: RUN })).toEqual(["t07", "t06"]);
    expect(await ids({ run: "5d0c8a4e-0000-4000-8000-000000000000" })).toEqual([]);
  });

  it("combines filters (all must hold)", async () => {
    expect(await ids({ state: "succeeded", model: "sora-2-pro", size: "large" })).toEqual(
      expected((s) => s.state === "succeeded" && s.model === "sora-2-pro" && s.size === "large"),
    );
    expect(await ids({ favourite: "1", tag: "moody" })).toEqual(["t03"]);
    expect(await ids({ q: "fox", model: "sora-2-pro" })).toEqual(["t03"]);
    expect(await ids({ orientation: "portrait", from: "2026-03-02", to: "2026-03-02" })).toEqual(["t05"]);
    expect(await ids({ tag: "boats", q: "boat", duration: 10, state: "succeeded" })).toEqual(
      expected((s) => s.tags?.includes("boats") === true),
    );
    expect(await ids({ tag: "moody", state: "failed" })).toEqual([]);
    expect(await ids({ run: RUN, favourite: "1" })).toEqual(["t07"]);
  });

  it("takes whole UTC days, both ends inclusive", async () => {
    expect(await ids({ from: "2026-03-01", to: "2026-03-01" })).toEqual(["t03", "t02", "t01"]);
    expect(await ids({ to: "2026-02-28" })).toEqual(["t00"]);
    expect(await ids({ from: "2026-03-02", to: "2026-03-03" })).toEqual(["t06", "t05", "t04"]);
    expect(await ids({ from: "2026-03-18" })).toEqual([]);
    expect(await ids({ from: "2026-03-05", to: "2026-03-01" })).toEqual([]);
  });

  it("pages a filtered list by cursor: three pages, no duplicates, no gaps, ties broken by id", async () => {
    const filter = { model: "sora-2-pro" as const, state: "succeeded" as const };
    const all = expected((s) => s.model === "sora-2-pro" && s.state === "succeeded");
    expect(all.length).toBe(12);
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await taskList.listTasks(db, { limit: 5, ...filter, cursor });
      pages.push(page.items.map((t) => t.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
    expect(pages.flat()).toEqual(all);
    // t04 and t05 share a created_at: the id orders them and the cursor keeps them apart.
    const tie: string[] = [];
    for (let c: string | undefined, first = true; first || c; first = false) {
      const page = await taskList.listTasks(db, { limit: 1, from: "2026-03-02", to: "2026-03-02", cursor: c });
      tie.push(...page.items.map((t) => t.id));
      c = page.nextCursor ?? undefined;
    }
    expect(tie).toEqual(["t05", "t04"]);
  });

  it("finds words as prefixes, all of them, accents and case folded", async () => {
    expect(await ids({ q: "lighth" })).toEqual(["t01"]);
    expect(await ids({ q: "FOX" })).toEqual(["t03", "t00"]); // foxglove too: a prefix
    expect(await ids({ q: "red fox" })).toEqual(["t00"]);
    expect(await ids({ q: "fox lighthouse" })).toEqual([]);
    expect(await ids({ q: "cafe" })).toEqual(["t03"]);
    expect(await ids({ q: "CAFÉ" })).toEqual(["t03"]);
    expect(await ids({ q: "ox" })).toEqual([]); // inside a word is not a prefix
    expect(await ids({ q: "boat 3" })).toEqual(["t11"]);
  });

  it("finds Chinese text inside a prompt written without spaces", async () => {
    expect(await ids({ q: "鲸鱼" })).toEqual(["t02"]);
    expect(await ids({ q: "海里" })).toEqual(["t02"]);
    expect(await ids({ q: "鲸" })).toEqual(["t02"]);
    expect(await ids({ q: "鱼鲸" })).toEqual([]); // the characters must stand in this order
    expect(await ids({ q: "游泳 鲸鱼" })).toEqual(["t02"]);
    expect(await ids({ q: "灯笼 night" })).toEqual(["t05"]);
    expect(await ids({ q: "夜市灯笼" })).toEqual(["t05"]); // every CJK character is a word: spaces between them do not matter
    expect(await ids({ q: "鲸鱼 fox" })).toEqual([]);
  });

  it("treats hostile search text as words, never as syntax: no error, no match-everything", async () => {
    const everything = (await ids({})).length;
    const cases: [string, string[]][] = [
      ['"', []],
      ["*", []],
      ["NEAR(", ["t07"]],
      ["OR", ["t07", "t04"]], // the word "or…" (orange), not an operator
      ["or two", ["t07"]],
      ["'; drop table tasks; --", []],
      ["drop table", ["t06"]],
      ["%", []],
      ["_", []],
      ["\\", []],
      ["100%", ["t04"]],
      ["🐋", []],
      ["🐋 whale 鲸鱼", []],
      ['fox" OR "a', []],
      ["a".repeat(200), []],
      ["fox ".repeat(50), ["t03", "t00"]],
      ["-fox", ["t03", "t00"]],
      ["fox*", ["t03", "t00"]],
      ["^fox", ["t03", "t00"]],
      ["search_text:fox", []],
      ["(fox", ["t03", "t00"]],
    ];
    for (const [q, want] of cases) {
      const got = await ids({ q });
      expect({ q, got }).toEqual({ q, got: want });
      expect(got.length).toBeLessThan(everything);
    }
    expect(await ids({})).toHaveLength(everything); // the table is still there
  });

  it("returns tags sorted, with the user's fields, and replaces tags on edit", async () => {
    const task = (await repo.findTask(db, "t05")) as Task;
    expect(task).toMatchObject({ favourite: false, tags: ["moody", "night"], notes: "", rating: null, runId: null });
    expect(
      await repo.editTask(
        db,
        "t05",
        { tags: ["zebra", "alpha"], notes: "keep the lanterns", rating: 4, favourite: true },
        "2026-04-01T00:00:00.000Z",
      ),
    ).toBe(true);
    expect(await repo.findTask(db, "t05")).toMatchObject({
      favourite: true,
      tags: ["alpha", "zebra"],
      notes: "keep the lanterns",
      rating: 4,
      updatedAt: "2026-04-01T00:00:00.000Z",
    });
    // Leaving a field out keeps it; null clears the rating; [] clears the tags.
    await repo.editTask(db, "t05", { rating: null, tags: [] }, "2026-04-02T00:00:00.000Z");
    expect(await repo.findTask(db, "t05")).toMatchObject({
      favourite: true,
      tags: [],
      notes: "keep the lanterns",
      rating: null,
    });
    expect(await ids({ tag: "night" })).toEqual([]);
    // The list carries the same fields, tags fetched for the whole page at once.
    const listed = (await taskList.listTasks(db, { limit: 100 })).items.find((t) => t.id === "t03");
    expect(listed).toMatchObject({ favourite: true, tags: ["moody"], rating: null });
  });

  it("logs an edit as a change event in the same transaction; an unknown task changes nothing", async () => {
    const before = (await eventLog.eventBounds(db)).newest;
    expect(await repo.editTask(db, "t07", { notes: "n" }, "2026-04-03T00:00:00.000Z")).toBe(true);
    expect(await repo.editTask(db, "no-such-task", { notes: "n" }, "2026-04-03T00:00:00.000Z")).toBe(false);
    expect((await eventLog.listEventsAfter(db, before, 10)).map((e) => [e.taskId, e.kind])).toEqual([
      ["t07", "changed"],
    ]);
  });

  it("drops a task's tags and search entry with the task", async () => {
    await repo.insertTask(db, {
      id: "gone",
      request: { prompt: "ephemeral zeppelin", model: "sora-2", size: "small", duration: 10, orientation: "landscape" },
      now: "2026-03-20T00:00:00.000Z",
    });
    await repo.editTask(db, "gone", { tags: ["temp"] }, "2026-03-20T00:00:00.000Z");
    expect(await ids({ q: "zeppelin" })).toEqual(["gone"]);
    await repo.deleteTask(db, "gone", "2026-03-21T00:00:00.000Z");
    expect(await ids({ q: "zeppelin" })).toEqual([]);
    expect(await db.selectFrom("task_tags").selectAll().where("task_id", "=", "gone").execute()).toEqual([]);
  });
});

describe.each(databaseTargets())("migration 0005 on $name", ({ open }) => {
  it("backfills size, duration, orientation and the search index of existing rows", async () => {
    const { db, cleanup } = await open({ migrateTo: "0004_uploads" });
    try {
      const old = (id: string, request: object, at: string) => ({
        id,
        request: JSON.stringify(request),
        prompt: (request as { prompt: string }).prompt,
        model: "sora-2-pro",
        state: "succeeded",
        attempts: 1,
        created_at: at,
        updated_at: at,
        origin: "studio",
        missing_polls: 0,
      });
      await sql`insert into tasks ${sql.raw("(id, request, prompt, model, state, attempts, created_at, updated_at, origin, missing_polls)")} values ${sql.join(
        [
          old(
            "old-1",
            {
              prompt: "Ancient 鲸鱼 lighthouse",
              model: "sora-2-pro",
              size: "large",
              duration: 25,
              orientation: "portrait",
            },
            "2026-01-01T00:00:00.000Z",
          ),
          old(
            "old-2",
            { prompt: "Plain meadow", model: "sora-2-pro", size: "small", duration: 15, orientation: "square" },
            "2026-01-02T00:00:00.000Z",
          ),
        ].map((r) => sql`(${sql.join(Object.values(r))})`),
      )}`.execute(db);
      const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
      expect(error).toBeUndefined();
      const rows = await db
        .selectFrom("tasks")
        .select(["id", "size", "duration", "orientation", "favourite", "notes", "rating", "run_id"])
        .orderBy("id")
        .execute();
      expect(rows.map((r) => ({ ...r, duration: Number(r.duration), favourite: Number(r.favourite) }))).toEqual([
        {
          id: "old-1",
          size: "large",
          duration: 25,
          orientation: "portrait",
          favourite: 0,
          notes: "",
          rating: null,
          run_id: null,
        },
        {
          id: "old-2",
          size: "small",
          duration: 15,
          orientation: "square",
          favourite: 0,
          notes: "",
          rating: null,
          run_id: null,
        },
      ]);
      const ids = async (filter: Omit<taskList.ListFilter, "limit">) =>
        (await taskList.listTasks(db, { limit: 10, ...filter })).items.map((t) => t.id);
      expect(await ids({ q: "鲸鱼" })).toEqual(["old-1"]);
      expect(await ids({ q: "meadow" })).toEqual(["old-2"]);
      expect(await ids({ duration: 25, orientation: "portrait", size: "large" })).toEqual(["old-1"]);
      expect(await repo.findTask(db, "old-2")).toMatchObject({
        favourite: false,
        tags: [],
        notes: "",
        rating: null,
        runId: null,
      });
      // Rows written after the migration are indexed by the triggers (SQLite) or the expression index (Postgres).
      await repo.insertTask(db, {
        id: "new-1",
        request: { prompt: "New meadow", model: "sora-2", size: "small", duration: 10, orientation: "landscape" },
        now: "2026-01-03T00:00:00.000Z",
      });
      expect(await ids({ q: "meadow" })).toEqual(["new-1", "old-2"]);
      // The database itself refuses a rating outside 1–5.
      await expect(db.updateTable("tasks").set({ rating: 6 }).where("id", "=", "old-1").execute()).rejects.toThrow();
    } finally {
      await cleanup();
    }
  });
});

describe.each(databaseTargets())("query plans at 10,000 tasks on $name", ({ name, open }) => {
  let db: Kysely<Database>;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await open());
    await insertSeeded(db, seedRows(10_000));
    if (name === "postgres") await sql`analyze`.execute(db);
  });
  afterAll(async () => cleanup?.());

  const plan = async (filter: Omit<taskList.ListFilter, "limit">) => {
    const compiled = taskList.listQuery(db, { limit: 48, ...filter }).compile();
    const prefix = name === "postgres" ? "explain " : "explain query plan ";
    const { rows } = await db.executeQuery<Record<string, unknown>>(
      CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]),
    );
    return rows.map((r) => String(r.detail ?? r["QUERY PLAN"]));
  };

  const SHAPES: [string, Omit<taskList.ListFilter, "limit">][] = [
    ["no filter", {}],
    ["state + model", { state: "failed", model: "sora-2" }],
    ["state + model + size", { state: "succeeded", model: "sora-2-pro", size: "large" }],
    ["a tag", { tag: "keeper" }],
    ["favourites", { favourite: "1" }],
    ["a search word", { q: "lighthouse" }],
    ["a Chinese search", { q: "鲸鱼" }],
    ["a search + filter", { q: "fox harbour", model: "sora-2" }],
    ["a date range", { from: "2026-08-01", to: "2026-08-07" }],
    ["a run", { run: "0b7f3c2e-5d1a-4c8e-9f60-2a4b6c8d0e1f" }],
  ];

  it.runIf(name === "sqlite").each(SHAPES)(
    "SQLite reads %s through an index, never a bare scan of tasks",
    async (_label, filter) => {
      const lines = await plan(filter);
      expect(lines.some((l) => /^SCAN tasks$/.test(l.trim()))).toBe(false);
      expect(
        lines.some((l) =>
          /(SEARCH|SCAN) tasks USING (COVERING )?INDEX|SEARCH tasks USING INTEGER PRIMARY KEY|USING INDEX sqlite_autoindex_tasks_1/.test(
            l,
          ),
        ),
      ).toBe(true);
      if (filter.q) expect(lines.some((l) => /tasks_fts VIRTUAL TABLE/.test(l))).toBe(true);
      if (filter.tag)
        expect(lines.some((l) => /SEARCH task_tags (EXISTS )?USING (COVERING )?INDEX/.test(l))).toBe(true);
      if (filter.run)
        expect(lines.some((l) => /SEARCH tasks USING INDEX tasks_run_id_created_idx \(run_id=\?\)/.test(l))).toBe(true);
    },
  );

  it.runIf(name === "sqlite")(
    "SQLite walks the list's order from an index and stops after a page (no sort of all matches)",
    async () => {
      for (const filter of [
        {},
        { favourite: "1" as const },
        { tag: "keeper" },
        { q: "a" },
        { state: "failed" as const },
        { run: "0b7f3c2e-5d1a-4c8e-9f60-2a4b6c8d0e1f" },
      ]) {
        expect({ filter, plan: (await plan(filter)).join("\n") }).not.toMatchObject({
          plan: expect.stringMatching(/TEMP B-TREE FOR ORDER BY/),
        });
      }
    },
  );

  it.runIf(name === "postgres")("Postgres uses the tag and full-text indexes for rare tags and words", async () => {
    await db.insertInto("task_tags").values({ task_id: "seed-6-000123", tag: "one-of-a-kind" }).execute();
    await sql`analyze task_tags`.execute(db);
    expect((await plan({ tag: "one-of-a-kind" })).join("\n")).toMatch(/task_tags_tag_idx|task_tags_pk/);
    expect((await plan({ q: "lighthouse harbour" })).join("\n")).toMatch(/tasks_search_idx/);
    expect((await plan({ q: "鲸鱼 游泳" })).join("\n")).toMatch(/tasks_search_idx/);
    expect((await plan({})).join("\n")).toMatch(/Index Scan Backward using tasks_created_idx/);
    expect((await plan({})).join("\n")).not.toMatch(/Seq Scan on tasks/);
    expect((await plan({ run: "0b7f3c2e-5d1a-4c8e-9f60-2a4b6c8d0e1f" })).join("\n")).toMatch(
      /tasks_run_id_created_idx/,
    );
  });

  it("answers every shape correctly at this size too", async () => {
    const seeded = seedRows(10_000);
    const page = await taskList.listTasks(db, { limit: 48, state: "succeeded", model: "sora-2-pro", size: "large" });
    const want = seeded
      .map((s) => s.row)
      .filter((r) => r.state === "succeeded" && r.model === "sora-2-pro" && r.size === "large")
      .sort((a, b) => newestFirst({ at: a.created_at, id: a.id }, { at: b.created_at, id: b.id }))
      .slice(0, 48)
      .map((r) => r.id);
    expect(page.items.map((t) => t.id)).toEqual(want);
    const keeper = seeded.filter((s) => s.tags.includes("keeper")).length;
    let total = 0;
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const p = await taskList.listTasks(db, { limit: 100, tag: "keeper", cursor });
      total += p.items.length;
      cursor = p.nextCursor ?? undefined;
    }
    expect(total).toBe(keeper);
  });
});
