import fc from "fast-check";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/schema";
import * as taskList from "@/lib/server/db/task-list";
import * as repo from "@/lib/server/db/tasks-repo";
import type { GenerationRequest } from "@/lib/schemas/generation";
import { DURATIONS, MODELS, ORIENTATIONS, SIZES, durationsFor, normalizeTag } from "@/lib/schemas/rules";
import { TASK_STATES, type Task } from "@/lib/schemas/task";
import { matchesFilter, taskFilterSchema, type TaskFilterQuery, type ViewFilter } from "@/lib/schemas/task-filter";
import { databaseTargets } from "../support/databases";
import { insertSeeded, type SeededTask } from "../support/seed-tasks";

// The gallery filters one task list in two places: the server in SQL (GET /api/tasks →
// listTasks), and the browser with matchesFilter when the live feed puts a new or changed task
// into an open list. If they disagree, a task appears in a view on an event and vanishes on
// reload (or the other way round). This property generates random tasks and random views,
// stores the tasks, and checks that SQL lists exactly the tasks matchesFilter keeps, in the
// list's order, paging through with the cursor. SQLite always; Postgres too with TEST_DATABASE_URL.
//
// The generators stay inside what both sides mean to agree on. What lies outside is a known
// disagreement, each pinned by a case at the end of this file that records today's answers:
//   - `from`/`to` are real calendar days: the schema accepts any dddd-dd-dd, and for one like
//     2026-02-30 SQL drops the bound while the browser compares strings.
// (Search once was one too: both sides now match with lib/schemas/search-text.ts, and the
// generators try accents, CJK pieces, glued words and symbol-only searches.)

const RUNS = ["0b7f3c2e-5d1a-4c8e-9f60-2a4b6c8d0e1f", "5e2d9a41-7c3b-4f18-a6d0-93b1c4e7f208"];
const OTHER_RUN = "9d4c1b7a-2e6f-4a3d-8c5b-0f1e2d3c4b5a";
const OWNERS = ["user-a", "user-b"];
/** Stored tags are normalised (the edit schema does it); the filter's spelling varies below. */
const TAGS = ["moody", "night", "b-roll", "client a", "café", "水墨"];

const ASCII_WORDS = ["fox", "foxglove", "red", "rain", "rainy", "harbour", "night", "a", "an", "neon", "robot", "35mm"];
const ACCENTED_WORDS = ["café", "crème", "niño", "são", "brûlée", "über", "élan"];
const CJK_WORDS = ["鲸鱼", "夜市", "灯笼", "海里", "水墨", "さくら", "東京"];
const WORDS = [...ASCII_WORDS, ...ACCENTED_WORDS, ...CJK_WORDS];
/** Between prompt words; the empty one glues two words (latin to CJK, CJK to CJK) together. */
const SEPARATORS = [" ", " ", " ", ", ", "，", " — ", "! ", "。", ""];

const DAYS = ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02", "2026-03-03"];
/** Around midnight UTC, and shared by several tasks so that the id breaks created_at ties. */
const TIMES = ["00:00:00.000", "00:00:00.001", "12:00:00.000", "23:59:59.999"];
const FILTER_DAYS = ["2026-02-26", ...DAYS, "2026-03-04"];

/**
 * The search words drawn from one word of WORDS: every piece of it (prefixes, middles, ends),
 * as typed and with its accents off, so prefix and non-prefix matches, accent folding and CJK
 * pieces are all tried.
 */
function searchWordsFrom(word: string): string[] {
  const chars = [...word];
  const words = new Set<string>();
  for (let i = 0; i < chars.length; i++)
    for (let j = i + 1; j <= chars.length; j++) {
      const piece = chars.slice(i, j).join("");
      words.add(piece);
      words.add(piece.normalize("NFKD").replace(/\p{M}/gu, ""));
    }
  return [...words];
}
/** Per word of WORDS, the search words drawn from it. */
const SEARCH_WORDS = new Map(WORDS.map((word) => [word, searchWordsFrom(word)]));
const ALL_SEARCH_WORDS = [...SEARCH_WORDS.values()].flat();

const casing = (word: string) =>
  fc.constantFrom(word, word.toUpperCase(), word.charAt(0).toUpperCase() + word.slice(1));

const promptArb = fc
  .array(fc.tuple(fc.constantFrom(...WORDS).chain(casing), fc.constantFrom(...SEPARATORS)), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) =>
    parts
      .map(([word, separator]) => word + separator)
      .join("")
      .trim(),
  );

type Spec = {
  state: (typeof TASK_STATES)[number];
  model: GenerationRequest["model"];
  size: GenerationRequest["size"];
  durationIndex: number;
  orientation: GenerationRequest["orientation"];
  favourite: boolean;
  tags: string[];
  runId: string | null;
  ownerId: string | null;
  day: string;
  time: string;
  prompt: string;
};

const specArb: fc.Arbitrary<Spec> = fc.record({
  state: fc.constantFrom(...TASK_STATES),
  model: fc.constantFrom(...MODELS),
  size: fc.constantFrom(...SIZES),
  durationIndex: fc.nat(2),
  orientation: fc.constantFrom(...ORIENTATIONS),
  favourite: fc.boolean(),
  tags: fc.subarray(TAGS, { maxLength: 3 }),
  runId: fc.constantFrom(null, ...RUNS),
  ownerId: fc.constantFrom(null, ...OWNERS),
  day: fc.constantFrom(...DAYS),
  time: fc.constantFrom(...TIMES),
  prompt: promptArb,
});

const idOf = (i: number) => `t${String(i).padStart(2, "0")}`;

function seeded(specs: Spec[]): SeededTask[] {
  return specs.map((s, i) => {
    const durations = durationsFor(s.model);
    const request: GenerationRequest = {
      prompt: s.prompt,
      model: s.model,
      size: s.size,
      duration: durations[s.durationIndex % durations.length] as GenerationRequest["duration"],
      orientation: s.orientation,
    };
    const row = repo.newTaskRow({
      id: idOf(i),
      request,
      now: `${s.day}T${s.time}Z`,
      runId: s.runId ?? undefined,
      ownerId: s.ownerId,
    });
    row.state = s.state;
    row.favourite = s.favourite ? 1 : 0;
    return { row, tags: [...new Set(s.tags.map(normalizeTag))] };
  });
}

/** A search word: a word of WORDS, then one of the agreed search words it gives. */
const searchWordArb = fc
  .constantFrom(...WORDS.filter((word) => (SEARCH_WORDS.get(word) ?? []).length > 0))
  .chain((word) => fc.constantFrom(...(SEARCH_WORDS.get(word) ?? [])))
  .chain(casing);

/** A search: one or two agreed words in any casing, apart by spaces or symbols (both sides drop those). */
const qArb = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .array(fc.tuple(searchWordArb, fc.constantFrom(" ", "  ", ", ", " % ", "_", "*", "")), {
        minLength: 1,
        maxLength: 2,
      })
      .map((parts) => parts.map(([word, separator]) => word + separator).join("")),
  },
  // Symbols only: nothing to look up, so nothing matches (on both sides).
  { weight: 1, arbitrary: fc.constantFrom("!!", "%", "* _", "🦊") },
);

/** A tag as typed in the filter: any casing, extra spaces, decomposed accents, or one no task has. */
const tagQueryArb = fc.oneof(
  fc.constantFrom(...TAGS).chain(casing),
  fc.constantFrom(" Moody ", "CLIENT   A", "cafe\u0301", "unknown"),
);

/** A filter key is in one view out of `every` or so, so that views keep some tasks and drop others. */
const opt = <T>(arb: fc.Arbitrary<T>, every = 5) =>
  fc.oneof({ weight: every - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

/** A view as its query string has it, before the schema (which trims, normalises and converts). */
const rawViewArb: fc.Arbitrary<TaskFilterQuery> = fc.record(
  {
    q: opt(qArb, 2),
    state: opt(fc.constantFrom(...TASK_STATES)),
    model: opt(fc.constantFrom(...MODELS)),
    size: opt(fc.constantFrom(...SIZES)),
    duration: opt(fc.constantFrom(...DURATIONS.map(String))),
    orientation: opt(fc.constantFrom(...ORIENTATIONS)),
    from: opt(fc.constantFrom(...FILTER_DAYS)),
    to: opt(fc.constantFrom(...FILTER_DAYS)),
    favourite: opt(fc.constant("1" as const)),
    tag: opt(tagQueryArb),
    owner: opt(fc.constant("me" as const)),
    run: opt(fc.constantFrom(...RUNS, OTHER_RUN)),
  },
  { requiredKeys: [] },
);

/** A view, the signed-in account (null: sign-in off) and the page size to walk the list in. */
const viewArb = fc.tuple(rawViewArb, fc.constantFrom(null, ...OWNERS), fc.integer({ min: 1, max: 5 }));

function parseView(raw: TaskFilterQuery): ViewFilter {
  const { limit: _limit, cursor: _cursor, ...view } = taskFilterSchema.parse(raw);
  return view;
}

/** The ids the server lists for a view, page by page, in order. */
async function serverIds(db: Kysely<Database>, view: ViewFilter, me: string | null, pageSize: number) {
  const { owner, ...rest } = view;
  // As GET /api/tasks does: "me" is the signed-in account, and means nothing with sign-in off.
  const ownerId = owner === "me" && me ? me : undefined;
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await taskList.listTasks(db, { ...rest, ownerId, limit: pageSize, cursor });
    ids.push(...result.items.map((t) => t.id));
    if (!result.nextCursor) return ids;
    cursor = result.nextCursor;
  }
  throw new Error("the cursor never ran out");
}

/** The list's order: newest first, the id breaking ties (ids here are plain ASCII). */
const newestFirst = (a: Task, b: Task) =>
  a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1;

describe("the generators", () => {
  it("search with latin, accented and CJK words", () => {
    expect(ALL_SEARCH_WORDS).toEqual(
      expect.arrayContaining(["fox", "caf", "café", "cafe", "crè", "cre", "niñ", "ño", "lée", "鲸", "鱼", "さく"]),
    );
  });
});

for (const target of databaseTargets()) {
  describe(`the task list filter on ${target.name}: SQL and matchesFilter`, () => {
    let db: Kysely<Database>;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ db, cleanup } = await target.open());
    });
    afterAll(async () => {
      await cleanup?.();
    });

    /** Empties the tables and stores the tasks; returns them as the API does (what the browser filters). */
    async function store(specs: Spec[]): Promise<Task[]> {
      await sql`delete from task_tags`.execute(db);
      await sql`delete from tasks`.execute(db);
      await insertSeeded(db, seeded(specs));
      const all = await taskList.listTasks(db, { limit: 100 });
      expect(all.items.map((t) => t.id).sort()).toEqual(specs.map((_, i) => idOf(i)));
      return all.items;
    }

    async function compare(tasks: Task[], raw: TaskFilterQuery, me: string | null, pageSize: number) {
      const view = parseView(raw);
      const browser = tasks
        .filter((t) => matchesFilter(t, view, me))
        .sort(newestFirst)
        .map((t) => t.id);
      const server = await serverIds(db, view, me, pageSize);
      return { view, me, browser, server };
    }

    it("lists exactly the tasks the browser's predicate keeps, in order, across pages", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(specArb, { maxLength: 30, size: "max" }),
          fc.array(viewArb, { minLength: 1, maxLength: 5 }),
          async (specs, views) => {
            const tasks = await store(specs);
            for (const [raw, me, pageSize] of views) {
              const { view, browser, server } = await compare(tasks, raw, me, pageSize);
              // The sets first (the property), then the order the pages came in.
              expect({ view, me, ids: [...server].sort() }).toEqual({ view, me, ids: [...browser].sort() });
              expect(server).toEqual(browser);
            }
          },
        ),
        { numRuns: 60 },
      );
    });

    // Known disagreements (bugs, left unfixed here): each case pins what the two sides answer
    // today, one task that only one of them keeps. When one is fixed its case turns red: move
    // that input into the generators above and delete the case.
    const task = (prompt: string, day = "2026-03-01", time = "12:00:00.000"): Spec => ({
      state: "succeeded",
      model: "sora-2",
      size: "small",
      durationIndex: 0,
      orientation: "landscape",
      favourite: false,
      tags: [],
      runId: null,
      ownerId: null,
      day,
      time,
      prompt,
    });
    const known: { name: string; specs: Spec[]; raw: TaskFilterQuery; keptBy: "server" | "browser" }[] = [
      {
        name: "a day that does not exist: SQL ignores from=2026-02-30, the browser drops a task of 2026-02-28",
        specs: [task("a red fox", "2026-02-28")],
        raw: { from: "2026-02-30" },
        keptBy: "server",
      },
      {
        name: "a day that does not exist: SQL ignores to=2026-02-30, the browser drops a task of 2026-03-01",
        specs: [task("a red fox", "2026-03-01")],
        raw: { to: "2026-02-30" },
        keptBy: "server",
      },
    ];
    for (const { name, specs, raw, keptBy } of known) {
      it(`known disagreement: ${name}`, async () => {
        const { browser, server } = await compare(await store(specs), raw, null, 10);
        expect({ server, browser }).toEqual(
          keptBy === "server" ? { server: [idOf(0)], browser: [] } : { server: [], browser: [idOf(0)] },
        );
      });
    }
  });
}
