import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { lastFrameArgs } from "@/lib/server/media/last-frame";
import { addShot, newBoard, updateShot, type BoardDoc } from "@/lib/schemas/board";
import type { Task } from "@/lib/schemas/task";
import { studioTargets } from "../support/databases";
import { postJson, waitFor, type Studio } from "../support/studio";
import { startForSuite } from "../support/suite";
import { ffmpeg } from "../support/ffmpeg";

// Storyboards over real HTTP against the production server and its emulator: a board is saved
// whole with optimistic versions, "generate all" starts the first shot and chains the others,
// each continuing from the real last frame of the shot before it, cut by ffmpeg.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-frames-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A 3 s clip: 1 s red, 1 s green, 1 s blue, at 24 fps with a keyframe only at the start. */
function colourClip(): string {
  const file = path.join(dir, "rgb.mp4");
  const colours = ["red", "green", "blue"].map((c) => `color=c=${c}:s=160x90:r=24:d=1`);
  ffmpeg([
    ...colours.flatMap((c) => ["-f", "lavfi", "-i", c]),
    ...["-filter_complex", "[0:v][1:v][2:v]concat=n=3:v=1:a=0[v]", "-map", "[v]"],
    ...["-c:v", "libx264", "-g", "1000", "-pix_fmt", "yuv420p", file],
  ]);
  return file;
}

async function colourAt(clip: string, atS: number): Promise<string> {
  const out = path.join(dir, `frame-${atS}.jpg`);
  execFileSync("ffmpeg", lastFrameArgs(clip, atS, out));
  const { channels } = await sharp(out).stats();
  const [r, g, b] = channels.map((c) => c.mean) as [number, number, number];
  return r > 150 && g < 100 && b < 100
    ? "red"
    : g > 100 && r < 100 && b < 100
      ? "green"
      : b > 150 && r < 100 && g < 100
        ? "blue"
        : `rgb(${r | 0},${g | 0},${b | 0})`;
}

describe("last-frame extraction", () => {
  it("takes the frame shown at the wanted time, exactly, even far from a keyframe", async () => {
    const clip = colourClip();
    expect(await colourAt(clip, 3)).toBe("blue");
    // The last frame before 2 s is the last green one, though the only keyframe is at 0.
    expect(await colourAt(clip, 1.99)).toBe("green");
    expect(await colourAt(clip, 0.99)).toBe("red");
  });
});

// Tasks finish in about a second; the worker looks every 150 ms.
const FAST = { EMULATOR_LATENCY_MS: "300", POLL_INTERVAL_MS: "150", UPSTREAM_MIN_SUBMIT_INTERVAL_MS: "0" };
const targets = studioTargets(FAST);

describe.each(targets)("storyboards over HTTP on $name", (target) => {
  let studio: Studio;
  startForSuite(target, (started) => {
    studio = started;
  });

  const put = async (id: string, body: unknown) => {
    const res = await fetch(`${studio.url}/api/boards/${id}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  };
  const view = async (id: string) => (await fetch(`${studio.url}/api/boards/${id}`)).json();

  function filmBoard(title: string): BoardDoc {
    let doc = newBoard(title, "s1");
    doc = addShot(addShot(doc, "s2"), "s3");
    doc = updateShot(doc, "s1", { prompt: "A paper boat on a puddle" });
    doc = updateShot(doc, "s2", { prompt: "The boat drifts into a gutter", continueFromPrevious: true, trimEnd: 8 });
    doc = updateShot(doc, "s3", { prompt: "The boat reaches the sea", continueFromPrevious: true });
    return { ...doc, style: "hand-held, golden hour" };
  }

  it("creates, saves with versions, refuses a stale save with 409, and lists boards", async () => {
    const created = await postJson(`${studio.url}/api/boards`, { title: "Versions" });
    expect(created.status).toBe(201);
    const { board } = created.json;
    expect(board).toMatchObject({ title: "Versions", version: 1 });
    expect(board.shots).toHaveLength(1);
    const doc = filmBoard("Renamed");
    const saved = await put(board.id, { version: 1, board: doc });
    expect(saved.status).toBe(200);
    expect(saved.json.board).toMatchObject({ title: "Renamed", version: 2 });
    const stale = await put(board.id, { version: 1, board: { ...doc, title: "Lost edit" } });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe("board_changed");
    expect((await view(board.id)).board.title).toBe("Renamed");
    const bad = await put(board.id, {
      version: 2,
      board: { ...doc, shots: [{ ...doc.shots[0], continueFromPrevious: true }, ...doc.shots.slice(1)] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0].path).toBe("board.shots.0.continueFromPrevious");
    const list = await (await fetch(`${studio.url}/api/boards`)).json();
    expect(list.boards.find((b: { id: string }) => b.id === board.id)).toMatchObject({ title: "Renamed", shots: 3 });
  });

  it("generate all: shot 1 starts, shots 2 and 3 wait, then each continues from the last frame of the one before", async () => {
    const { board } = (await postJson(`${studio.url}/api/boards`, { title: "Chain" })).json;
    await put(board.id, { version: 1, board: filmBoard("Chain") });
    const generated = await postJson(`${studio.url}/api/boards/${board.id}/generate`, { shots: "all" });
    expect(generated.status).toBe(201);
    expect(generated.json.started.map((s: { shotId: string }) => s.shotId)).toEqual(["s1"]);
    expect(generated.json.waiting).toEqual(["s2", "s3"]);

    const done = await waitFor(
      "all three shots to have a finished take",
      async () => {
        const v = await view(board.id);
        const finished = ["s1", "s2", "s3"].map((s) => (v.takes[s] ?? []).find((t: Task) => t.state === "succeeded"));
        return finished.every(Boolean) ? { v, finished: finished as Task[] } : undefined;
      },
      60_000,
    );
    expect(done.v.waits).toEqual([]);
    const [t1, t2, t3] = done.finished as [Task, Task, Task];
    expect(t1.request.image_urls).toBeUndefined();
    expect(t1.request.prompt).toBe("A paper boat on a puddle\n\nhand-held, golden hour");
    // Shots 2 and 3 each name an uploaded still: a real JPEG frame of the shot before.
    for (const t of [t2, t3]) {
      const [frame] = t.request.image_urls ?? [];
      expect(frame).toMatch(/^\/api\/uploads\/[0-9a-f]{32}$/);
      const res = await fetch(`${studio.url}${frame}`);
      expect(res.headers.get("content-type")).toBe("image/jpeg");
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      expect(meta).toMatchObject({ format: "jpeg", width: 1280, height: 720 });
    }
    // Two different shots' last frames are two different images.
    expect(t2.request.image_urls?.[0]).not.toBe(t3.request.image_urls?.[0]);
  }, 90_000);

  it("refuses a shot that continues from one with no take, saying which; skips rendering shots on 'missing'", async () => {
    const { board } = (await postJson(`${studio.url}/api/boards`, { title: "Gaps" })).json;
    await put(board.id, { version: 1, board: filmBoard("Gaps") });
    const res = await postJson(`${studio.url}/api/boards/${board.id}/generate`, { shots: ["s2"] });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("nothing_to_generate");
    expect(res.json.error.message).toMatch(/Shot 2 continues from shot 1, which has no finished take yet/);
    expect(res.json.error.issues[0].path).toBe("shots.1");
    const unknown = await postJson(`${studio.url}/api/boards/${board.id}/generate`, { shots: ["nope"] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.issues[0].path).toBe("shots");
  });

  it("a deleted take leaves its shot; deleting a board keeps its takes in the gallery", async () => {
    const { board } = (await postJson(`${studio.url}/api/boards`, { title: "Deletes" })).json;
    const doc = updateShot(newBoard("Deletes", board.shots[0].id), board.shots[0].id, { prompt: "A kite" });
    await put(board.id, { version: 1, board: doc });
    const { started } = (await postJson(`${studio.url}/api/boards/${board.id}/generate`, { shots: "all" })).json;
    const taskId = started[0].taskId;
    await waitFor(
      "the take to finish",
      async () => ((await view(board.id)).takes[doc.shots[0]!.id]?.[0]?.state === "succeeded" ? true : undefined),
      30_000,
    );
    expect((await fetch(`${studio.url}/api/boards/${board.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await fetch(`${studio.url}/api/boards/${board.id}`)).status).toBe(404);
    expect((await fetch(`${studio.url}/api/tasks/${taskId}`)).status).toBe(200);
    const other = (await postJson(`${studio.url}/api/boards`, { title: "Take gone" })).json.board;
    await put(other.id, {
      version: 1,
      board: updateShot(newBoard("Take gone", other.shots[0].id), other.shots[0].id, { prompt: "A drum" }),
    });
    const second = (await postJson(`${studio.url}/api/boards/${other.id}/generate`, { shots: "all" })).json.started[0]
      .taskId;
    await waitFor(
      "the take to finish",
      async () => ((await view(other.id)).takes[other.shots[0].id]?.[0]?.state === "succeeded" ? true : undefined),
      30_000,
    );
    expect((await fetch(`${studio.url}/api/tasks/${second}`, { method: "DELETE" })).status).toBe(200);
    expect((await view(other.id)).takes[other.shots[0].id] ?? []).toEqual([]);
  }, 60_000);
});
