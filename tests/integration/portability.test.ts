import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/schema";
import { zipStream } from "@/lib/server/bundles/zip-write";
import { studioDatabaseTargets } from "../support/databases";
import { hasFfprobe, probeVideo } from "../support/ffprobe";
import { postJson, startStudio, waitFor, type Studio } from "../support/studio";
import { videoRequest } from "../support/requests";

// Export and import of task bundles over real HTTP, on SQLite and (with TEST_DATABASE_URL)
// Postgres: a run exported from one studio lands in a fresh one with the same tasks and
// byte-identical, playable videos; every hostile file is refused with the field or entry named
// and leaves the rows and the storage directory exactly as they were.

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const targets = studioDatabaseTargets();

/**
 * Every file under a directory, with its size (what "storage unchanged" compares). Posters are
 * left out: the worker may add one for an earlier import at any moment.
 */
function listing(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((name) => path.join(dir, name))
    .filter((file) => fs.statSync(file).isFile() && !file.endsWith(".poster.jpg"))
    .map((file) => `${path.relative(dir, file)}:${fs.statSync(file).size}`)
    .sort();
}

async function importBody(studio: Studio, body: BodyInit, type: string) {
  const res = await fetch(`${studio.url}/api/import`, { method: "POST", headers: { "content-type": type }, body });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text) as any };
}

async function getTask(studio: Studio, id: string) {
  return (await (await fetch(`${studio.url}/api/tasks/${id}`)).json()).task;
}

/**
 * The same zip with an entry renamed (same length) in its local header and the directory; the
 * manifest (the first entry, whose text names the file first) is left as it was.
 */
function renameEntry(zip: Buffer, from: string, to: string): Buffer {
  expect(Buffer.byteLength(to)).toBe(Buffer.byteLength(from));
  const out = Buffer.from(zip);
  const needle = Buffer.from(from);
  let found = 0;
  for (let at = out.indexOf(needle, out.indexOf(needle) + 1); at >= 0; at = out.indexOf(needle, at + 1)) {
    Buffer.from(to).copy(out, at);
    found++;
  }
  expect(found).toBeGreaterThanOrEqual(2);
  return out;
}

async function zipOf(entries: { name: string; bytes: Buffer }[]): Promise<Buffer> {
  const stream = zipStream(
    entries.map((e) => ({
      name: e.name,
      size: e.bytes.length,
      open: () => new Blob([new Uint8Array(e.bytes)]).stream(),
    })),
  );
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describe.each(targets)("task bundles on $name", (target) => {
  let source: Studio;
  let fresh: Studio;
  let sourceDb: Kysely<Database>;
  let freshDb: Kysely<Database>;
  const drops: (() => Promise<void>)[] = [];
  const run = randomUUID();
  let finished: any[] = [];
  let unfinishedId: string;
  let zip: Buffer;
  let manifest: any;

  beforeAll(async () => {
    const a = await target.database();
    const b = await target.database();
    drops.push(a.drop, b.drop);
    source = await startStudio({ ...a.env, EMULATOR_LATENCY_MS: "1000" });
    fresh = await startStudio({ ...b.env, EMULATOR_LATENCY_MS: "1000" });
    sourceDb = await a.open(source.dataDir);
    freshDb = await b.open(fresh.dataDir);
  });
  afterAll(async () => {
    await source?.stop();
    await fresh?.stop();
    await sourceDb?.destroy();
    await freshDb?.destroy();
    for (const drop of drops) await drop();
  });

  const rowsIn = async (db: Kysely<Database>, table: "tasks" | "videos" | "task_tags") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const counts = async (db: Kysely<Database>) => ({
    tasks: await rowsIn(db, "tasks"),
    videos: await rowsIn(db, "videos"),
    tags: await rowsIn(db, "task_tags"),
  });

  it("exports a run as JSON: finished tasks with what the user added, unfinished ones named as skipped", async () => {
    const made = [];
    for (const prompt of ["A heron in the reeds, 鹭", "A kite over the dunes", "[emulate:fail=forbidden] refused"]) {
      const res = await postJson(`${source.url}/api/videos`, videoRequest(prompt));
      made.push(res.json.task.id as string);
    }
    finished = await Promise.all(
      made.map((id) =>
        waitFor(
          "finished and archived",
          async () => {
            const t = await getTask(source, id);
            return t.state === "failed" || (t.state === "succeeded" && t.videos.every((v: any) => v.archived))
              ? t
              : undefined;
          },
          150_000,
        ),
      ),
    );
    expect(finished.map((t) => t.state)).toEqual(["succeeded", "succeeded", "failed"]);
    const edit = await fetch(`${source.url}/api/tasks/${made[0]}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tags: ["Birds", "keeper"], notes: "the best one", rating: 5, favourite: true }),
    });
    expect(edit.status).toBe(200);
    // One more, still rendering when exported.
    unfinishedId = (await postJson(`${source.url}/api/videos`, videoRequest("Still rendering"))).json.task.id;
    await sourceDb
      .updateTable("tasks")
      .set({ run_id: run })
      .where("id", "in", [...made, unfinishedId])
      .execute();

    const res = await fetch(`${source.url}/api/export?run=${run}&format=json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="sora-studio-run-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    const json = await res.json();
    expect(json).toMatchObject({ format: "sora-studio/tasks", version: 1 });
    expect(json.tasks.map((t: any) => t.id)).toEqual(made);
    expect(json.skipped).toEqual([{ id: unfinishedId, reason: expect.stringMatching(/^still (queued|rendering)/) }]);
    expect(json.tasks[0]).toMatchObject({
      favourite: true,
      tags: ["birds", "keeper"],
      notes: "the best one",
      rating: 5,
      runId: run,
      state: "succeeded",
    });
    expect(json.tasks[0].videos[0]).toEqual({
      id: finished[0].videos[0].id,
      file: null,
      size: finished[0].videos[0].size,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(json.tasks[2]).toMatchObject({ state: "failed", error: { code: "forbidden" }, videos: [] });

    expect((await fetch(`${source.url}/api/export?run=${randomUUID()}`)).status).toBe(404);
    const bad = await (await fetch(`${source.url}/api/export?run=${run}&format=tar`)).json();
    expect(bad.error.issues[0].path).toBe("format");
    expect((await (await fetch(`${source.url}/api/export?run=${run}&all=1`)).json()).error.issues[0].path).toBe("all");
    const some = await (await fetch(`${source.url}/api/export?ids=${made[1]},nope`)).json();
    expect(some.tasks.map((t: any) => t.id)).toEqual([made[1]]);
    expect(some.skipped).toEqual([{ id: "nope", reason: "not in the studio" }]);
  }, 240_000);

  it("exports the run as a ZIP that imports into a fresh studio: same tasks, byte-identical playable videos", async () => {
    const res = await fetch(`${source.url}/api/export?run=${run}&format=zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(/filename="sora-studio-run-\d{4}-\d{2}-\d{2}\.zip"/);
    zip = Buffer.from(await res.arrayBuffer());
    expect(zip.subarray(30, 43).toString()).toBe("manifest.json"); // the manifest comes first
    manifest = JSON.parse(
      zip.subarray(43, 43 + zip.readUInt32LE(zip.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08])) + 8)).toString(),
    );
    expect(manifest.tasks[0].videos[0].file).toBe(`videos/${finished[0].videos[0].id}.mp4`);

    const before = listing(path.join(fresh.dataDir, "media"));
    expect(before).toEqual([]);
    const imported = await importBody(fresh, new Uint8Array(zip), "application/zip");
    expect(imported.status, JSON.stringify(imported.json)).toBe(200);
    expect(imported.json).toEqual({ imported: 3, skipped: [], warnings: [] });
    expect(
      fs.existsSync(path.join(fresh.dataDir, ".imports")) ? fs.readdirSync(path.join(fresh.dataDir, ".imports")) : [],
    ).toEqual([]);

    for (const original of finished) {
      const copy = await getTask(fresh, original.id);
      expect(copy).toMatchObject({
        id: original.id,
        request: original.request,
        state: original.state,
        createdAt: original.createdAt,
        finishedAt: original.finishedAt,
        upstreamTaskId: original.upstreamTaskId,
        error: original.error,
        runId: run,
        origin: "import",
      });
      const edited = await getTask(source, original.id);
      expect({ tags: copy.tags, notes: copy.notes, rating: copy.rating, favourite: copy.favourite }).toEqual({
        tags: edited.tags,
        notes: edited.notes,
        rating: edited.rating,
        favourite: edited.favourite,
      });
      expect(copy.videos.map((v: any) => [v.id, v.archived, v.size])).toEqual(
        original.videos.map((v: any) => [v.id, true, v.size]),
      );
      for (const video of original.videos) {
        const a = Buffer.from(await (await fetch(`${source.url}/api/media/${video.id}`)).arrayBuffer());
        const served = await fetch(`${fresh.url}/api/media/${video.id}`);
        expect(served.status).toBe(200);
        expect(served.headers.get("content-type")).toBe("video/mp4");
        const b = Buffer.from(await served.arrayBuffer());
        expect(sha(b)).toBe(sha(a));
        expect((await fetch(`${fresh.url}/api/media/${video.id}`, { headers: { range: "bytes=0-99" } })).status).toBe(
          206,
        );
        if (hasFfprobe) {
          const file = path.join(fresh.dataDir, `probe-${video.id}.mp4`);
          fs.writeFileSync(file, b);
          expect(probeVideo(file).codec).toBe("h264");
          fs.rmSync(file);
        }
      }
    }
    // The worker's backfill makes posters for the imported copies (unless the studio found no
    // working ffmpeg: on a machine this loaded its 5 s probe can time out).
    if (hasFfprobe && !fresh.output().includes("posters are off")) {
      for (const original of finished) {
        await waitFor(
          "posters",
          async () => ((await getTask(fresh, original.id)).videos.every((v: any) => v.posterUrl) ? true : undefined),
          120_000,
        );
      }
    }
  }, 300_000);

  it("skips tasks already here, never overwriting them", async () => {
    await fetch(`${fresh.url}/api/tasks/${finished[1].id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ notes: "changed here" }),
    });
    const again = await importBody(fresh, new Uint8Array(zip), "application/zip");
    expect(again.status).toBe(200);
    expect(again.json.imported).toBe(0);
    expect(again.json.skipped).toEqual(finished.map((t) => ({ id: t.id, reason: "already in the studio" })));
    expect((await getTask(fresh, finished[1].id)).notes).toBe("changed here");
  });

  describe("hostile imports change nothing", () => {
    const jsonManifest = () => {
      const m = structuredClone(manifest);
      for (const t of m.tasks) {
        t.id = randomUUID();
        t.upstreamTaskId = null;
        for (const v of t.videos) Object.assign(v, { id: randomUUID(), file: null });
      }
      return m;
    };
    /** A JSON bundle (fresh ids, no files) changed by `edit`. */
    const editedJson = (edit: (m: any) => unknown) => async () => {
      const m = jsonManifest();
      edit(m);
      return { body: JSON.stringify(m), type: "application/json" };
    };
    const video = () => finished[0].videos[0];
    const videoName = () => `videos/${video().id}.mp4`;
    /** The exported zip with its first video's entry renamed. */
    const renamedEntry = (name: () => string) => async () => ({
      body: new Uint8Array(renameEntry(zip, videoName(), name())),
      type: "application/zip",
    });
    const cases: [string, () => Promise<{ body: BodyInit; type: string }>, number, RegExp | string][] = [
      [
        "another format",
        async () => ({ body: JSON.stringify({ ...jsonManifest(), format: "zip/other" }), type: "application/json" }),
        400,
        "format",
      ],
      ["not JSON", async () => ({ body: "{ this is not json", type: "application/json" }), 400, "file"],
      [
        "over the JSON cap",
        async () => ({ body: JSON.stringify({ pad: "x".repeat(10 * 1024 * 1024 + 10) }), type: "application/json" }),
        413,
        "file",
      ],
      ["an unsupported content type", async () => ({ body: "hello", type: "text/plain" }), 415, "content-type"],
      ["duplicate task ids", editedJson((m) => Object.assign(m.tasks[1], { id: m.tasks[0].id })), 400, "tasks.1.id"],
      [
        "duplicate video ids",
        editedJson((m) => Object.assign(m.tasks[1].videos[0], { id: m.tasks[0].videos[0].id })),
        400,
        "tasks.1.videos.0.id",
      ],
      ["an unknown key", editedJson((m) => Object.assign(m.tasks[0], { colour: "red" })), 400, "tasks.0.colour"],
      [
        "a bad request inside",
        editedJson((m) => Object.assign(m.tasks[1].request, { duration: 25 })),
        400,
        "tasks.1.request.duration",
      ],
      [
        "a JSON bundle naming a video file",
        editedJson((m) => Object.assign(m.tasks[0].videos[0], { file: `videos/${m.tasks[0].videos[0].id}.mp4` })),
        400,
        "tasks.0.videos.0.file",
      ],
      [
        "a path traversal entry",
        renamedEntry(() => `../${"x".repeat(videoName().length - 7)}.mp4`),
        400,
        /^zip:\.\.\//,
      ],
      ["an absolute entry", renamedEntry(() => `/${"y".repeat(videoName().length - 5)}.mp4`), 400, /^zip:\//],
      ["an entry the manifest does not list", renamedEntry(() => `videos/${randomUUID()}.mp4`), 400, /^zip:videos\//],
      [
        "a sha256 mismatch",
        async () => {
          const m = structuredClone(manifest);
          for (const t of m.tasks) t.id = randomUUID();
          for (const t of m.tasks) t.upstreamTaskId = null;
          m.tasks[1].videos[0].sha256 = "0".repeat(64);
          const files = m.tasks.flatMap((t: any) =>
            t.videos
              .filter((v: any) => v.file)
              .map((v: any) => ({
                name: v.file,
                bytes: fs.readFileSync(path.join(source.dataDir, "media", "videos", `${v.id}.mp4`)),
              })),
          );
          return {
            body: new Uint8Array(
              await zipOf([{ name: "manifest.json", bytes: Buffer.from(JSON.stringify(m)) }, ...files]),
            ),
            type: "application/zip",
          };
        },
        400,
        "tasks.1.videos.0.sha256",
      ],
      [
        "a truncated zip",
        async () => ({ body: new Uint8Array(zip.subarray(0, Math.floor(zip.length / 2))), type: "application/zip" }),
        400,
        "file",
      ],
      [
        "a damaged video inside the zip",
        async () => {
          const damaged = Buffer.from(zip);
          // Its second mention is its local header (the first is in the manifest): a byte well inside its data.
          const name = Buffer.from(videoName());
          const at = damaged.indexOf(name, damaged.indexOf(name) + 1) + name.length + 5000;
          damaged[at] = (damaged[at] as number) ^ 0xff;
          return { body: new Uint8Array(damaged), type: "application/zip" };
        },
        400,
        `zip:${"VIDEO"}`,
      ],
      [
        "not a zip at all",
        async () => ({ body: "PK but not really a zip file", type: "application/zip" }),
        400,
        "file",
      ],
    ];

    it.each(cases)("%s → refused, naming what is wrong", async (_name, make, status, where) => {
      const rowsBefore = await counts(freshDb);
      const filesBefore = listing(path.join(fresh.dataDir, "media"));
      const { body, type } = await make();
      const res = await importBody(fresh, body, type);
      expect(res.status, JSON.stringify(res.json)).toBe(status);
      const paths = (res.json.error.issues ?? []).map((i: any) => i.path);
      const expected = where === "zip:VIDEO" ? `zip:${videoName()}` : where;
      if (typeof expected === "string") expect(paths).toContain(expected);
      else
        expect(
          paths.some((p: string) => expected.test(p)),
          paths.join(", "),
        ).toBe(true);
      expect(await counts(freshDb)).toEqual(rowsBefore);
      expect(listing(path.join(fresh.dataDir, "media"))).toEqual(filesBefore);
    });
  });

  it("imports a JSON bundle: videos without bytes read as expired, missing uploads are warned about", async () => {
    const m = structuredClone(manifest);
    const task = m.tasks[0];
    Object.assign(task, { id: randomUUID(), upstreamTaskId: null });
    task.request.image_urls = ["/api/uploads/0123456789abcdef0123456789abcdef"];
    task.videos = [{ id: randomUUID(), file: null, size: null, sha256: null }];
    m.tasks = [task];
    const res = await importBody(fresh, JSON.stringify(m), "application/json");
    expect(res.status).toBe(200);
    expect(res.json.imported).toBe(1);
    expect(res.json.warnings).toHaveLength(2);
    expect(res.json.warnings[0]).toContain("/api/uploads/0123456789abcdef0123456789abcdef (image_urls.0)");
    const copy = await getTask(fresh, task.id);
    expect(copy.request.image_urls).toEqual(["/api/uploads/0123456789abcdef0123456789abcdef"]);
    expect(copy.videos[0]).toMatchObject({ archived: false });
    expect((await fetch(`${fresh.url}/api/media/${task.videos[0].id}`)).status).toBe(410);
  });

  it("two imports of the same bundle at once add its tasks once and leave no stray files", async () => {
    const m = structuredClone(manifest);
    for (const t of m.tasks) {
      t.id = randomUUID();
      t.upstreamTaskId = null;
    }
    const files = manifest.tasks.flatMap((t: any, i: number) =>
      t.videos.map((v: any, j: number) => {
        const id = randomUUID();
        Object.assign(m.tasks[i].videos[j], { id, file: `videos/${id}.mp4` });
        return {
          name: `videos/${id}.mp4`,
          bytes: fs.readFileSync(path.join(source.dataDir, "media", "videos", `${v.id}.mp4`)),
        };
      }),
    );
    const body = await zipOf([{ name: "manifest.json", bytes: Buffer.from(JSON.stringify(m)) }, ...files]);
    const before = await counts(freshDb);
    const results = await Promise.all([0, 1].map(() => importBody(fresh, new Uint8Array(body), "application/zip")));
    const total = results.reduce((sum, r) => sum + (r.status === 200 ? r.json.imported : 0), 0);
    expect(total).toBe(3);
    expect(await counts(freshDb)).toMatchObject({ tasks: before.tasks + 3, videos: before.videos + files.length });
    // Every file in storage belongs to a row (copies and posters), and every archived row has its file.
    await new Promise((r) => setTimeout(r, 500));
    const rows = await freshDb.selectFrom("videos").select(["archive_key", "poster_key"]).execute();
    const keys = new Set(rows.flatMap((r) => [r.archive_key, r.poster_key]).filter((k): k is string => k !== null));
    const stored = listing(path.join(fresh.dataDir, "media"))
      .map((l) => l.slice(0, l.lastIndexOf(":")))
      .filter((f) => !f.startsWith(".tmp"));
    for (const file of stored) expect(keys.has(file), file).toBe(true);
    for (const row of rows) if (row.archive_key) expect(stored).toContain(row.archive_key);
  });
});
