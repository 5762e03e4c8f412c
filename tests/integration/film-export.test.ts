import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addShot, newBoard, updateShot, type BoardDoc, type FilmExport } from "@/lib/schemas/board";
import type { Task } from "@/lib/schemas/task";
import { postJson, startStudio, waitFor, type Studio } from "../support/studio";
import { probeStreams } from "../support/ffprobe";

// Film exports over real HTTP against the production server: the film lands in the gallery whole
// and plays (probed: one video stream, duration the sum of the shots), its progress streams as
// SSE, a render cut short by a killed server starts again and finishes, a cancelled one leaves
// nothing, and a board that is not ready is refused naming the shots. Without ffmpeg, exporting
// and continuity say how to install it, and the rest of the studio works.

type Api = ReturnType<typeof api>;
function api(studio: Studio) {
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${studio.url}${url}`, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: await res.json() };
  };
  return {
    call,
    async board(doc: (first: string) => BoardDoc): Promise<string> {
      const { board } = (await postJson(`${studio.url}/api/boards`, { title: "t" })).json;
      const saved = await call("PUT", `/api/boards/${board.id}`, { version: 1, board: doc(board.shots[0].id) });
      expect(saved.status).toBe(200);
      return board.id;
    },
    view: async (id: string) =>
      (await call("GET", `/api/boards/${id}`)).json as { board: BoardDoc; takes: Record<string, Task[]> },
    async generated(id: string) {
      expect((await call("POST", `/api/boards/${id}/generate`, { shots: "all" })).status).toBe(201);
      return waitFor(
        "every shot to have an archived take",
        async () => {
          const v = await this.view(id);
          return v.board.shots.every((s) =>
            (v.takes[s.id] ?? []).some((t) => t.state === "succeeded" && t.videos[0]?.archived),
          )
            ? v
            : undefined;
        },
        90_000,
      );
    },
    exportOf: async (id: string, exportId: string) =>
      (await call("GET", `/api/boards/${id}/exports/${exportId}`)).json.export as FilmExport,
  };
}

function shots(count: number, change: (doc: BoardDoc) => BoardDoc = (d) => d) {
  return (first: string): BoardDoc => {
    let doc = newBoard("Harbour at dawn", first);
    for (let i = 1; i < count; i++) doc = addShot(doc, `s${i + 1}`);
    for (const [i, s] of doc.shots.entries()) doc = updateShot(doc, s.id, { prompt: `Harbour shot ${i + 1}` });
    return change(doc);
  };
}

async function download(studio: Studio, url: string): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "studio-film-dl-")), "film.mp4");
  fs.writeFileSync(file, Buffer.from(await (await fetch(`${studio.url}${url}`)).arrayBuffer()));
  return file;
}

/** Reads an SSE response until it closes, returning its `export` events. */
async function readStream(studio: Studio, url: string): Promise<FilmExport[]> {
  const res = await fetch(`${studio.url}${url}`);
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const text = await res.text();
  return [...text.matchAll(/^event: export\ndata: (.+)$/gm)].map((m) => JSON.parse(m[1] as string) as FilmExport);
}

describe("film export", () => {
  let studio: Studio;
  let a: Api;
  beforeAll(async () => {
    studio = await startStudio({ EMULATOR_LATENCY_MS: "300", POLL_INTERVAL_MS: "150", EXPORT_LEASE_MS: "1500" });
    a = api(studio);
  }, 60_000);
  afterAll(async () => studio?.stop());

  it("renders 3 shots into one film in the gallery, with progress streamed until it is done", async () => {
    // One shot in portrait on a landscape board, trimmed: the film re-encodes and letterboxes it.
    const id = await a.board(
      shots(3, (d) => updateShot(d, d.shots[1]!.id, { orientation: "portrait", trimStart: 1, trimEnd: 7 })),
    );
    await a.generated(id);
    const started = await a.call("POST", `/api/boards/${id}/exports`);
    expect(started.status).toBe(202);
    const job = started.json.export as FilmExport;
    expect(job).toMatchObject({ state: "queued", shots: 3, lengthS: 26 });
    const events = await readStream(studio, `/api/boards/${id}/exports/${job.id}/events`);
    const last = events.at(-1) as FilmExport;
    expect(last).toMatchObject({ state: "succeeded", progress: 1 });
    // Progress only goes forward.
    const progress = events.map((e) => e.progress);
    expect([...progress].sort((x, y) => x - y)).toEqual(progress);
    const film = await download(studio, last.videoUrl as string);
    const p = probeStreams(film);
    expect(p.video).toHaveLength(1);
    expect(p.video[0]).toMatchObject({ width: 1280, height: 720 });
    expect(Math.abs(p.duration - 26)).toBeLessThan(0.3);
    const task = (await a.call("GET", `/api/tasks/${last.taskId}`)).json.task as Task;
    expect(task).toMatchObject({
      state: "succeeded",
      origin: "film",
      request: { prompt: "Harbour at dawn — a film of 3 shots", duration: 26 },
    });
    expect(task.videos[0]).toMatchObject({ archived: true });
  }, 180_000);

  it("refuses a board that is not ready, naming the shots, a deleted video's shot included", async () => {
    const id = await a.board(shots(2));
    const none = await a.call("POST", `/api/boards/${id}/exports`);
    expect(none.status).toBe(409);
    expect(none.json.error.code).toBe("film_incomplete");
    expect(none.json.error.message).toMatch(/shot 1 has no take yet; shot 2 has no take yet/);
    expect(none.json.error.issues.map((i: { path: string }) => i.path)).toEqual(["shots.0", "shots.1"]);

    const v = await a.generated(id);
    // A deleted video: its take leaves the shot, and the shot is named.
    const take = v.takes[v.board.shots[0]!.id]![0]!;
    expect((await a.call("DELETE", `/api/tasks/${take.id}`)).status).toBe(200);
    const gone = await a.call("POST", `/api/boards/${id}/exports`);
    expect(gone.status).toBe(409);
    expect(gone.json.error.message).toMatch(/shot 1 has no take yet/);
    expect(gone.json.error.message).not.toMatch(/shot 2/);
  }, 180_000);

  it("a render cut short by a killed server starts again after its lease and finishes whole; a cancelled one leaves nothing", async () => {
    // Crossfades make it encode: seconds of work, long enough to kill the server mid-render.
    const id = await a.board(shots(3, (d) => ({ ...d, crossfade: 1 })));
    await a.generated(id);
    const job = (await a.call("POST", `/api/boards/${id}/exports`)).json.export as FilmExport;
    const again = await a.call("POST", `/api/boards/${id}/exports`);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("export_running");
    await waitFor(
      "the render to be under way",
      async () => {
        const e = await a.exportOf(id, job.id);
        return e.state === "running" && e.progress > 0 ? e : undefined;
      },
      60_000,
      50,
    );
    await studio.stop("SIGKILL");
    const sqlite = new Database(path.join(studio.dataDir, "studio.sqlite"), { readonly: true });
    const row = () =>
      sqlite.prepare("select state, attempts, progress from board_exports where id = ?").get(job.id) as {
        state: string;
        attempts: number;
        progress: number;
      };
    expect(row()).toMatchObject({ state: "running", attempts: 1 });
    expect(row().progress).toBeLessThan(999);
    // Nothing half-made reached the gallery.
    expect(
      sqlite
        .prepare("select count(*) as n from board_exports e join tasks t on t.id = e.task_id where e.id = ?")
        .get(job.id),
    ).toEqual({ n: 0 });
    await studio.restart();
    const done = await waitFor(
      "the export to finish after the restart",
      async () => {
        const e = await a.exportOf(id, job.id);
        return e.state !== "running" && e.state !== "queued" ? e : undefined;
      },
      120_000,
      250,
    );
    expect(done.state).toBe("succeeded");
    expect(row().attempts).toBe(2);
    sqlite.close();
    const film = probeStreams(await download(studio, done.videoUrl as string));
    expect(Math.abs(film.duration - (3 * 10 - 2))).toBeLessThan(0.3);

    const second = (await a.call("POST", `/api/boards/${id}/exports`)).json.export as FilmExport;
    await waitFor(
      "the second render to start",
      async () => ((await a.exportOf(id, second.id)).state === "running" ? true : undefined),
      30_000,
      50,
    );
    const cancelled = await a.call("DELETE", `/api/boards/${id}/exports/${second.id}`);
    expect(cancelled.json.export.state).toBe("cancelled");
    await new Promise((r) => setTimeout(r, 1500));
    expect(await a.exportOf(id, second.id)).toMatchObject({ state: "cancelled", taskId: null });
    expect(fs.existsSync(path.join(studio.dataDir, "media", "films", `${second.id}.mp4`))).toBe(false);
  }, 240_000);
});

describe("without ffmpeg", () => {
  let studio: Studio;
  let a: Api;
  const emptyBin = fs.mkdtempSync(path.join(os.tmpdir(), "studio-empty-bin-"));
  beforeAll(async () => {
    studio = await startStudio({ EMULATOR_LATENCY_MS: "300", POLL_INTERVAL_MS: "150", PATH: emptyBin });
    a = api(studio);
  }, 60_000);
  afterAll(async () => {
    await studio?.stop();
    fs.rmSync(emptyBin, { recursive: true, force: true });
  });

  it("generates shots as always, but says how to install ffmpeg to export or continue from a shot", async () => {
    const id = await a.board(shots(2, (d) => updateShot(d, "s2", { continueFromPrevious: true })));
    const first = await a.call("POST", `/api/boards/${id}/generate`, {
      shots: [(await a.view(id)).board.shots[0]!.id],
    });
    expect(first.status).toBe(201);
    await waitFor(
      "shot 1's take to be archived",
      async () => {
        const v = await a.view(id);
        return (v.takes[v.board.shots[0]!.id] ?? []).some((t) => t.state === "succeeded" && t.videos[0]?.archived)
          ? true
          : undefined;
      },
      60_000,
    );
    const continued = await a.call("POST", `/api/boards/${id}/generate`, { shots: ["s2"] });
    expect(continued.status).toBe(400);
    expect(continued.json.error.message).toMatch(/needs ffmpeg.*apt-get install ffmpeg/);
    const film = await a.call("POST", `/api/boards/${id}/exports`);
    expect(film.status).toBe(503);
    expect(film.json.error).toMatchObject({
      code: "ffmpeg_missing",
      message: expect.stringMatching(/apt-get install ffmpeg/),
    });
    expect((await fetch(`${studio.url}/api/health`)).status).toBe(200);
  }, 120_000);
});
