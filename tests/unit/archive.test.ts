import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/schema";
import { insertSucceededVideo } from "../support/videos";

// The archiver against a real SQLite database and a raw HTTP source whose every answer a test
// chooses (including broken ones no well-behaved server would send): what lands in storage,
// what lands in the row, and when it tries again.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-archive-"));
process.env.STUDIO_DATA_DIR = dataDir;
process.env.LOG_LEVEL = "silent";

const { archiveDue, archiveKey, nextArchiveAttempt } = await import("@/lib/server/media/archive");
const { db } = await import("@/lib/server/db");
const repo = await import("@/lib/server/db/tasks-repo");

type Behaviour = (socket: net.Socket) => void | Promise<void>;
let behaviour: Behaviour;
let requests = 0;
let source: net.Server;
let sourceUrl = "";
let database: Kysely<Database>;
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

const ok =
  (bytes: Buffer, headers: Record<string, string> = {}): Behaviour =>
  (socket) => {
    const head = { "content-type": "video/mp4", "content-length": String(bytes.length), ...headers };
    socket.end(
      Buffer.concat([
        Buffer.from(
          `HTTP/1.1 200 OK\r\n${Object.entries(head)
            .map(([k, v]) => `${k}: ${v}\r\n`)
            .join("")}connection: close\r\n\r\n`,
        ),
        bytes,
      ]),
    );
  };

/** Announces all of `bytes` but sends only `sent` of them, then drops (`destroy`) or closes (`end`) the connection. */
const cut =
  (bytes: Buffer, sent: number, how: "destroy" | "end"): Behaviour =>
  (socket) => {
    socket.write(
      `HTTP/1.1 200 OK\r\ncontent-type: video/mp4\r\ncontent-length: ${bytes.length}\r\nconnection: close\r\n\r\n`,
    );
    socket.write(bytes.subarray(0, sent), () =>
      setTimeout(() => (how === "destroy" ? socket.destroy() : socket.end()), 20),
    );
  };

const status =
  (code: number, type = "text/plain", text = "no"): Behaviour =>
  (socket) => {
    socket.end(
      `HTTP/1.1 ${code} X\r\ncontent-type: ${type}\r\ncontent-length: ${text.length}\r\nconnection: close\r\n\r\n${text}`,
    );
  };

beforeAll(async () => {
  source = net.createServer((socket) => {
    let head = "";
    socket.on("data", (d) => {
      head += d.toString("latin1");
      if (head.includes("\r\n\r\n")) {
        requests++;
        head = "";
        void behaviour(socket);
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => source.listen(0, "127.0.0.1", resolve));
  sourceUrl = `http://127.0.0.1:${(source.address() as net.AddressInfo).port}/video.mp4?se=1`;
  // The test's provider lives on loopback, which the archive refuses unless trusted; read by
  // env() on its first call, in db() just below.
  process.env.STUDIO_FETCH_ALLOW_ORIGINS = new URL(sourceUrl).origin;
  database = await db();
});

afterAll(async () => {
  source?.close();
  await database?.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  requests = 0;
});

/** A succeeded task with one video at `url`, expiring at `expiresAt`. */
async function succeededVideo(expiresAt: string | null, url = sourceUrl): Promise<{ taskId: string; videoId: string }> {
  return insertSucceededVideo(database, url, expiresAt);
}

const row = (id: string) => database.selectFrom("videos").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const archivePath = (videoId: string) => path.join(dataDir, "media", archiveKey(videoId));
const mediaFiles = () =>
  fs.existsSync(path.join(dataDir, "media"))
    ? (fs.readdirSync(path.join(dataDir, "media"), { recursive: true, withFileTypes: true }) as fs.Dirent[])
        .filter((e) => e.isFile())
        .map((e) => e.name)
    : [];
const inHour = () => new Date(Date.now() + 3600_000).toISOString();

/** Archives everything due now, one round; returns the ids started and their outcomes. */
async function round(now = new Date()) {
  const r = await archiveDue(now);
  return { started: r.started, outcomes: await r.done };
}

/** Clears leftovers so each test sees only its own video. */
async function onlyThis(videoId: string) {
  await database
    .updateTable("videos")
    .set({ archive_next_at: "9999-01-01T00:00:00.000Z" })
    .where("id", "!=", videoId)
    .where("archived_at", "is", null)
    .execute();
}

describe("nextArchiveAttempt", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it("backs off 5 s, doubling, capped at 10 minutes", () => {
    const far = now + 30 * 24 * 3600_000;
    expect([1, 2, 3, 4, 8, 9, 20].map((a) => (nextArchiveAttempt(a, now, far) as number) - now)).toEqual([
      5_000, 10_000, 20_000, 40_000, 600_000, 600_000, 600_000,
    ]);
  });

  it("never schedules past the link's expiry: the last try comes just before it, then none", () => {
    for (let attempts = 1; attempts <= 40; attempts++) {
      for (const left of [0, 1_000, 2_500, 4_000, 9_000, 61_000, 3_600_000, 6 * 24 * 3600_000]) {
        const next = nextArchiveAttempt(attempts, now, now + left);
        if (next !== null) {
          expect(next).toBeGreaterThan(now);
          expect(next).toBeLessThan(now + left);
        }
      }
    }
    expect(nextArchiveAttempt(1, now, now + 4_000)).toBe(now + 2_000);
    expect(nextArchiveAttempt(1, now, now + 1_000)).toBeNull();
    expect(nextArchiveAttempt(3, now, now - 1)).toBeNull();
  });

  it("gives up after a bounded number of tries when the expiry is unknown", () => {
    expect(nextArchiveAttempt(1, now, null)).toBe(now + 5_000);
    expect(nextArchiveAttempt(30, now, null)).toBeNull();
  });
});

describe("archiveDue", () => {
  it("streams a due video into storage and records size, sha256, content type and a change event", async () => {
    const bytes = randomBytes(2_345_678);
    behaviour = ok(bytes, { "content-type": "video/mp4; codecs=avc1" });
    const { taskId, videoId } = await succeededVideo(inHour());
    await onlyThis(videoId);
    const eventsBefore = (
      await database.selectFrom("task_events").select("seq").where("task_id", "=", taskId).execute()
    ).length;
    const { started, outcomes } = await round();
    expect(started).toEqual([videoId]);
    // Random bytes are no video: no poster, and the archive does not mind (posters.test.ts makes real ones).
    expect(outcomes).toEqual([{ videoId, archived: true, poster: false }]);
    const after = await row(videoId);
    expect(after).toMatchObject({
      archive_key: archiveKey(videoId),
      archive_sha256: sha(bytes),
      archive_content_type: "video/mp4",
      archive_error: null,
      archive_next_at: null,
    });
    expect(Number(after.archive_size)).toBe(bytes.length);
    expect(after.archived_at).not.toBeNull();
    expect(sha(fs.readFileSync(archivePath(videoId)))).toBe(sha(bytes));
    expect(
      (await database.selectFrom("task_events").select("seq").where("task_id", "=", taskId).execute()).length,
    ).toBe(eventsBefore + 1);
    const task = await repo.findTask(database, taskId);
    expect(task?.videos[0]).toMatchObject({ archived: true, size: bytes.length, archiveError: null });
    // Done is done: no second download.
    expect((await round()).started).toEqual([]);
    expect(requests).toBe(1);
  });

  it("two overlapping calls download a video once", async () => {
    const bytes = randomBytes(500_000);
    behaviour = async (socket) => {
      await new Promise((r) => setTimeout(r, 200));
      ok(bytes)(socket);
    };
    const { videoId } = await succeededVideo(inHour());
    await onlyThis(videoId);
    const [a, b] = await Promise.all([round(), round()]);
    expect([...a.started, ...b.started]).toEqual([videoId]);
    expect(requests).toBe(1);
    expect((await row(videoId)).archived_at).not.toBeNull();
  });

  it("a claim taken by another process keeps this one away until it runs out", async () => {
    behaviour = ok(randomBytes(1000));
    const { videoId } = await succeededVideo(inHour());
    await onlyThis(videoId);
    const claimedUntil = new Date(Date.now() + 60_000).toISOString();
    await database.updateTable("videos").set({ archive_next_at: claimedUntil }).where("id", "=", videoId).execute();
    expect((await round()).started).toEqual([]);
    expect((await round(new Date(Date.now() + 61_000))).started).toEqual([videoId]);
    expect(requests).toBe(1);
  });

  for (const how of ["destroy", "end"] as const) {
    it(`a download cut mid-stream (connection ${how === "destroy" ? "dropped" : "closed early"}) stores nothing, records why, and is retried until complete`, async () => {
      const bytes = randomBytes(1_500_000);
      behaviour = cut(bytes, 400_000, how);
      const { taskId, videoId } = await succeededVideo(inHour());
      await onlyThis(videoId);
      const before = Date.now();
      const { outcomes } = await round();
      expect(outcomes[0]?.archived).toBe(false);
      const failed = await row(videoId);
      expect(failed.archived_at).toBeNull();
      expect(failed.archive_key).toBeNull();
      expect(failed.archive_attempts).toBe(1);
      expect(failed.archive_error).toMatch(/^The download broke off after [\d.]+ KB of 1\.5 MB\.$/);
      const retryIn = Date.parse(failed.archive_next_at as string) - before;
      expect(retryIn).toBeGreaterThanOrEqual(5_000);
      expect(retryIn).toBeLessThan(7_000);
      expect(fs.existsSync(archivePath(videoId))).toBe(false);
      expect(mediaFiles().filter((f) => f.endsWith(".part"))).toEqual([]);
      const task = await repo.findTask(database, taskId);
      expect(task?.videos[0]).toMatchObject({ archived: false, size: null, archiveError: failed.archive_error });

      // Not before its time...
      expect((await round()).started).toEqual([]);
      // ...then again, and this time the source is whole.
      behaviour = ok(bytes);
      const retry = await round(new Date(Date.now() + 6_000));
      expect(retry.outcomes).toEqual([{ videoId, archived: true, poster: false }]);
      const done = await row(videoId);
      expect(done).toMatchObject({ archive_sha256: sha(bytes), archive_error: null, archive_attempts: 1 });
      expect(sha(fs.readFileSync(archivePath(videoId)))).toBe(sha(bytes));
    });
  }

  it("refuses a web page sent instead of the video, and a provider error, in plain words", async () => {
    const { videoId } = await succeededVideo(inHour());
    await onlyThis(videoId);
    behaviour = status(200, "text/html", "<html>login</html>");
    await round();
    expect((await row(videoId)).archive_error).toBe("The provider sent a web page instead of the video.");
    behaviour = status(403);
    await round(new Date(Date.now() + 6_000));
    const after = await row(videoId);
    expect(after.archive_error).toBe("The provider answered 403 when the video was downloaded.");
    expect(after.archive_attempts).toBe(2);
    expect(Date.parse(after.archive_next_at as string) - Date.now()).toBeGreaterThan(8_000);
    expect(mediaFiles().filter((f) => f.startsWith(videoId))).toEqual([]);
  });

  it("near expiry the retry is placed before the link dies; after expiry it stops trying", async () => {
    behaviour = status(500);
    const expiresAt = new Date(Date.now() + 4_000).toISOString();
    const { videoId } = await succeededVideo(expiresAt);
    await onlyThis(videoId);
    await round();
    const first = await row(videoId);
    expect(first.archive_attempts).toBe(1);
    expect(Date.parse(first.archive_next_at as string)).toBeLessThan(Date.parse(expiresAt));
    // The last try, just before expiry, fails too: nothing is scheduled after expiry.
    await round(new Date(Date.parse(first.archive_next_at as string)));
    const last = await row(videoId);
    expect(last.archive_attempts).toBe(2);
    expect(Date.parse(last.archive_next_at as string)).toBeLessThanOrEqual(Date.parse(expiresAt));
    requests = 0;
    for (const later of [1_000, 60_000, 3600_000])
      expect((await round(new Date(Date.parse(expiresAt) + later))).started).toEqual([]);
    expect(requests).toBe(0);
  });

  it("refuses a link that leads into the private network: no request, no file, a plain reason, retried like any failure", async () => {
    behaviour = ok(randomBytes(1000));
    const port = new URL(sourceUrl).port;
    for (const link of [
      `http://localhost:${port}/video.mp4?se=1`,
      `http://[::ffff:127.0.0.1]:${port}/v.mp4`,
      "http://169.254.169.254/latest/meta-data/",
    ]) {
      const { taskId, videoId } = await succeededVideo(inHour(), link);
      await onlyThis(videoId);
      const before = Date.now();
      const { started, outcomes } = await round();
      expect(started).toEqual([videoId]);
      expect(outcomes).toEqual([
        {
          videoId,
          archived: false,
          error: expect.stringMatching(
            /^The provider's link to this video was refused: it points at a (loopback|link-local) address .*, which the studio does not fetch\.$/,
          ),
        },
      ]);
      const failed = await row(videoId);
      expect(failed).toMatchObject({
        archived_at: null,
        archive_key: null,
        archive_attempts: 1,
        archive_error: outcomes[0]?.error,
      });
      expect(Date.parse(failed.archive_next_at as string) - before).toBeGreaterThanOrEqual(5_000);
      expect((await repo.findTask(database, taskId))?.videos[0]).toMatchObject({
        archived: false,
        archiveError: outcomes[0]?.error,
      });
      expect(mediaFiles().filter((f) => f.startsWith(videoId))).toEqual([]);
    }
    expect(requests).toBe(0);
  });

  it("never starts on a link that has already expired", async () => {
    behaviour = ok(randomBytes(1000));
    const { videoId } = await succeededVideo(new Date(Date.now() - 1_000).toISOString());
    await onlyThis(videoId);
    expect((await round()).started).toEqual([]);
    expect(requests).toBe(0);
  });

  it("a copy finished after its task was deleted is removed, not left behind", async () => {
    const bytes = randomBytes(300_000);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    behaviour = async (socket) => {
      await gate;
      ok(bytes)(socket);
    };
    const { taskId, videoId } = await succeededVideo(inHour());
    await onlyThis(videoId);
    const r = await archiveDue(new Date());
    expect(r.started).toEqual([videoId]);
    await database.deleteFrom("tasks").where("id", "=", taskId).execute();
    release();
    expect(await r.done).toEqual([{ videoId, archived: false, error: "deleted" }]);
    expect(fs.existsSync(archivePath(videoId))).toBe(false);
  });
});
