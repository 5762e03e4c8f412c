import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tasksRepo from "@/lib/server/db/tasks-repo";
import * as repo from "@/lib/server/db/videos-repo";
import type { Database } from "@/lib/server/db/schema";
import { databaseTargets } from "../support/databases";

// The archive's queries, the same code on SQLite and (with TEST_DATABASE_URL) Postgres: which
// videos are due, who wins a claim, what a finished or failed attempt leaves in the row.

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

describe.each(databaseTargets())("videos repo on $name", ({ open }) => {
  let db: Kysely<Database>;
  let cleanup: () => Promise<void>;
  const ids: Record<string, string> = {};
  let taskId: string;

  beforeAll(async () => {
    ({ db, cleanup } = await open());
    taskId = randomUUID();
    await tasksRepo.insertTask(db, {
      id: taskId,
      request: { prompt: "p", model: "sora-2", size: "small", duration: 10, orientation: "landscape" },
      now: at(0),
    });
    const videos = ["fresh", "later", "expired", "noExpiry", "tiredNoExpiry"].map((name) => ({
      name,
      id: randomUUID(),
    }));
    for (const v of videos) ids[v.name] = v.id;
    await tasksRepo.updateTaskIf(db, taskId, "queued", { state: "succeeded", updated_at: at(1), finished_at: at(1) }, [
      { id: ids.fresh!, upstreamId: "a", sourceUrl: "https://f/a", expiresAt: at(100) },
      { id: ids.later!, upstreamId: "b", sourceUrl: "https://f/b", expiresAt: at(100) },
      { id: ids.expired!, upstreamId: "c", sourceUrl: "https://f/c", expiresAt: at(5) },
      { id: ids.noExpiry!, upstreamId: "d", sourceUrl: "https://f/d", expiresAt: null },
      { id: ids.tiredNoExpiry!, upstreamId: "e", sourceUrl: "https://f/e", expiresAt: null },
    ]);
    await db
      .updateTable("videos")
      .set({ archive_next_at: at(50) })
      .where("id", "=", ids.later!)
      .execute();
    await db.updateTable("videos").set({ archive_attempts: 3 }).where("id", "=", ids.tiredNoExpiry!).execute();
  });
  afterAll(async () => cleanup?.());

  it("lists unarchived videos whose retry time has come and whose link is alive, bounded and skipping some", async () => {
    const due = await repo.listArchiveDue(db, at(10), 10, { maxAttemptsWithoutExpiry: 3 });
    expect(due.map((v) => v.id).sort()).toEqual([ids.fresh, ids.noExpiry].sort());
    expect(due.find((v) => v.id === ids.fresh)).toEqual({
      id: ids.fresh,
      source_url: "https://f/a",
      expires_at: at(100),
      archive_attempts: 0,
    });
    expect((await repo.listArchiveDue(db, at(10), 1, { maxAttemptsWithoutExpiry: 3 })).length).toBe(1);
    expect(
      (await repo.listArchiveDue(db, at(10), 10, { skip: [ids.fresh!], maxAttemptsWithoutExpiry: 3 })).map((v) => v.id),
    ).toEqual([ids.noExpiry]);
    expect((await repo.listArchiveDue(db, at(60), 10, { maxAttemptsWithoutExpiry: 3 })).map((v) => v.id)).toContain(
      ids.later,
    );
  });

  it("lets exactly one caller claim a video, until the claim runs out", async () => {
    const results = await Promise.all([
      repo.claimArchive(db, ids.fresh!, at(10), at(40)),
      repo.claimArchive(db, ids.fresh!, at(10), at(40)),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await repo.listArchiveDue(db, at(20), 10, { maxAttemptsWithoutExpiry: 3 })).map((v) => v.id)).not.toContain(
      ids.fresh,
    );
    expect(await repo.claimArchive(db, ids.fresh!, at(20), at(60))).toBe(false);
    expect(await repo.claimArchive(db, ids.fresh!, at(41), at(70))).toBe(true);
  });

  it("records a failure with its retry time and a change event, then a success that clears it", async () => {
    const events = async () =>
      (await db.selectFrom("task_events").selectAll().where("task_id", "=", taskId).execute()).length;
    const before = await events();
    await repo.recordArchiveFailure(db, ids.noExpiry!, {
      attempts: 1,
      error: "The download broke off after 1.0 MB.",
      nextAt: at(30),
      at: at(25),
    });
    let task = await tasksRepo.findTask(db, taskId);
    expect(task?.videos.find((v) => v.id === ids.noExpiry)).toMatchObject({
      archived: false,
      archiveError: "The download broke off after 1.0 MB.",
      size: null,
    });
    expect(await events()).toBe(before + 1);

    expect(
      await repo.recordArchived(db, ids.noExpiry!, {
        key: `videos/${ids.noExpiry}.mp4`,
        size: 5_000_000_000,
        sha256: "ab".repeat(32),
        contentType: "video/mp4",
        at: at(31),
      }),
    ).toBe(true);
    task = await tasksRepo.findTask(db, taskId);
    // Past 2^32: the bigint column holds sizes beyond 4 GB and reads back as a number.
    expect(task?.videos.find((v) => v.id === ids.noExpiry)).toMatchObject({
      archived: true,
      archiveError: null,
      size: 5_000_000_000,
    });
    expect(await events()).toBe(before + 2);
    // Archived is final: no second record, no late failure overwriting it.
    expect(
      await repo.recordArchived(db, ids.noExpiry!, {
        key: "videos/other.mp4",
        size: 1,
        sha256: "00",
        contentType: "video/mp4",
        at: at(32),
      }),
    ).toBe(false);
    await repo.recordArchiveFailure(db, ids.noExpiry!, { attempts: 9, error: "late", nextAt: null, at: at(33) });
    const row = await db.selectFrom("videos").selectAll().where("id", "=", ids.noExpiry!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      archive_key: `videos/${ids.noExpiry}.mp4`,
      archive_error: null,
      archive_attempts: 1,
      archive_sha256: "ab".repeat(32),
    });
  });

  it("lists archived videos without a poster, newest archive first, until they have one or failed too often", async () => {
    const posterTask = randomUUID();
    await tasksRepo.insertTask(db, {
      id: posterTask,
      request: { prompt: "p", model: "sora-2", size: "small", duration: 10, orientation: "landscape" },
      now: at(0),
    });
    const [older, newer, tired, unarchived]: string[] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await tasksRepo.updateTaskIf(
      db,
      posterTask,
      "queued",
      { state: "succeeded", updated_at: at(1), finished_at: at(1) },
      [older, newer, tired, unarchived].map((id) => ({
        id: id!,
        upstreamId: id!,
        sourceUrl: "https://f/x",
        expiresAt: null,
      })),
    );
    const archive = (id: string, s: number) =>
      repo.recordArchived(db, id, {
        key: `videos/${id}.mp4`,
        size: 10,
        sha256: "cd".repeat(32),
        contentType: "video/mp4",
        at: at(s),
      });
    await archive(older!, 40);
    await archive(newer!, 41);
    await archive(tired!, 42);
    for (let i = 0; i < 3; i++) await repo.recordPosterFailure(db, tired!);
    const mine = async (options: { skip?: string[] } = {}) =>
      (await repo.listPosterDue(db, 100, { maxAttempts: 3, ...options })).filter((v) =>
        [older, newer, tired, unarchived].includes(v.id),
      );

    expect(await mine()).toEqual([
      { id: newer, archive_key: `videos/${newer}.mp4` },
      { id: older, archive_key: `videos/${older}.mp4` },
    ]);
    expect((await mine({ skip: [newer!] })).map((v) => v.id)).toEqual([older]);

    const events = async () =>
      (await db.selectFrom("task_events").selectAll().where("task_id", "=", posterTask).execute()).length;
    const before = await events();
    expect(
      await repo.recordPoster(db, newer!, {
        key: `videos/${newer}.mp4.poster.jpg`,
        sha256: "ef".repeat(32),
        at: at(50),
      }),
    ).toBe(true);
    expect(await events()).toBe(before + 1);
    // One poster per video: a second record (a backfill racing the archive) changes nothing.
    expect(await repo.recordPoster(db, newer!, { key: "videos/other.jpg", sha256: "00", at: at(51) })).toBe(false);
    await repo.recordPosterFailure(db, newer!);
    expect(
      await db
        .selectFrom("videos")
        .select(["poster_key", "poster_sha256", "poster_attempts"])
        .where("id", "=", newer!)
        .executeTakeFirst(),
    ).toEqual({
      poster_key: `videos/${newer}.mp4.poster.jpg`,
      poster_sha256: "ef".repeat(32),
      poster_attempts: 0,
    });
    expect((await mine()).map((v) => v.id)).toEqual([older]);

    const task = await tasksRepo.findTask(db, posterTask);
    expect(task?.videos.find((v) => v.id === newer)?.posterUrl).toBe(`/api/media/${newer}/poster`);
    expect(task?.videos.find((v) => v.id === older)?.posterUrl).toBeNull();

    // Deleting the task hands back the poster's key with the copies', so storage is cleaned of both.
    const deleted = await tasksRepo.deleteTask(db, posterTask, at(60));
    expect(deleted).not.toBe("busy");
    expect((deleted as { archiveKeys: string[] }).archiveKeys.sort()).toEqual(
      [`videos/${older}.mp4`, `videos/${newer}.mp4`, `videos/${newer}.mp4.poster.jpg`, `videos/${tired}.mp4`].sort(),
    );
  });
});
