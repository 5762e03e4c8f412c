import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { UPLOAD_IMAGE_MAX_BYTES, UPLOAD_VIDEO_MAX_BYTES } from "@/lib/schemas/rules";
import { dropProcessSingleton } from "@/lib/shared/process-singleton";
import { formatBytes } from "@/lib/shared/bytes";
import { studioDatabaseTargets, type StudioDbTarget } from "../support/databases";
import { FakeUpstream } from "../support/fake-upstream";
import { videoRequest } from "../support/requests";
import { pickHeaders } from "../support/answer";

// Uploads end to end through the real route handlers (POST/GET/HEAD /api/uploads, POST
// /api/videos) on a real database and data directory, against a recording fake of AceData:
// what is refused and why, what is kept and served, and what upstream finally receives.
// Runs on SQLite, and on Postgres too when TEST_DATABASE_URL is set.

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "..", "fixtures", name));
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const valid = videoRequest("A cat on a skateboard");
const ORIGIN = "http://studio.test";
const SINGLETONS = ["db", "upload-storage", "video-storage", "task-events", "archive-in-flight", "callbacks-seen"];
const ENV_KEYS = [
  "STUDIO_DATA_DIR",
  "DATABASE_URL",
  "ACEDATACLOUD_API_TOKEN",
  "ACEDATACLOUD_API_BASE_URL",
  "STUDIO_PUBLIC_URL",
  "UPSTREAM_MIN_SUBMIT_INTERVAL_MS",
  "UPSTREAM_MAX_IN_FLIGHT",
  "LOG_LEVEL",
];

type Target = StudioDbTarget;
const targets = studioDatabaseTargets();

/** A fresh studio (modules, env, data dir, database) in this process, reached through its route handlers. */
async function boot(target: Target, fake: FakeUpstream, env: Record<string, string> = {}) {
  for (const name of SINGLETONS) dropProcessSingleton(name);
  vi.resetModules();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-uploads-"));
  const database = await target.database();
  for (const key of ENV_KEYS) delete process.env[key];
  Object.assign(process.env, {
    STUDIO_DATA_DIR: dataDir,
    ACEDATACLOUD_API_TOKEN: "test-token",
    ACEDATACLOUD_API_BASE_URL: fake.url,
    UPSTREAM_MIN_SUBMIT_INTERVAL_MS: "0",
    UPSTREAM_MAX_IN_FLIGHT: "100",
    LOG_LEVEL: "silent",
    ...database.env,
    ...env,
  });
  const uploadsRoute = await import("@/app/api/uploads/route");
  const uploadRoute = await import("@/app/api/uploads/[id]/route");
  const videosRoute = await import("@/app/api/videos/route");
  const tasks = await import("@/lib/server/tasks/lifecycle");
  const uploads = await import("@/lib/server/media/uploads");
  const repo = await import("@/lib/server/db/tasks-repo");
  const { db } = await import("@/lib/server/db");
  const body = async (res: Response) => {
    const text = await res.text();
    return text ? (JSON.parse(text) as any) : undefined;
  };
  return {
    dataDir,
    tasks,
    uploads,
    repo,
    db,
    async upload(bytes: Buffer, purpose: string, contentType = "application/octet-stream") {
      const res = await uploadsRoute.POST(
        new Request(`${ORIGIN}/api/uploads?purpose=${purpose}`, {
          method: "POST",
          body: Uint8Array.from(bytes),
          headers: { "content-type": contentType },
        }),
        {},
      );
      return { status: res.status, json: await body(res) };
    },
    async get(id: string, headers: Record<string, string> = {}, method: "GET" | "HEAD" = "GET") {
      const res = await uploadRoute[method](new Request(`${ORIGIN}/api/uploads/${id}`, { method, headers }), {
        params: Promise.resolve({ id }),
      });
      return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
    },
    async createVideo(request: unknown) {
      const res = await videosRoute.POST(
        new Request(`${ORIGIN}/api/videos`, {
          method: "POST",
          body: JSON.stringify(request),
          headers: { "content-type": "application/json" },
        }),
        {},
      );
      return { status: res.status, json: await body(res) };
    },
    /** Every kept file (temp files included) and every upload row: what a refusal must leave untouched. */
    async stored() {
      const root = path.join(dataDir, "uploads");
      const files = fs.existsSync(root)
        ? (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((e) => e.isFile())
            .length
        : 0;
      const rows = await (await db()).selectFrom("uploads").select("id").execute();
      return { files, rows: rows.length };
    },
    async taskCount() {
      return (await (await db()).selectFrom("tasks").select("id").execute()).length;
    },
    async stop() {
      await (await db()).destroy();
      dropProcessSingleton("db");
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
type App = Awaited<ReturnType<typeof boot>>;

/** A PNG of noise (it does not compress, so cutting it loses pixels, not padding). */
const noisePng = (width: number, height: number) =>
  sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await new FakeUpstream().start();
});
afterAll(async () => {
  await fake?.stop();
});

describe.each(targets)("uploads on $name", (target) => {
  describe("POST /api/uploads refuses what is not what it claims, and keeps nothing", () => {
    let app: App;
    beforeAll(async () => {
      app = await boot(target, fake);
    });
    afterAll(async () => app?.stop());

    const refused = async (
      res: { status: number; json: any },
      status: number,
      code: string,
      message: string | RegExp,
    ) => {
      expect(res.status).toBe(status);
      expect(res.json.error).toMatchObject({
        code,
        message: expect.stringMatching(message),
        issues: [{ path: "file", message: expect.stringMatching(message) }],
      });
      expect(await app.stored()).toEqual({ files: 0, rows: 0 });
    };

    it("a text file named .png and sent as image/png", async () => {
      await refused(
        await app.upload(Buffer.from("just some notes, saved as notes.png\n"), "reference", "image/png"),
        400,
        "invalid_upload",
        /^This file is not a PNG, JPEG, WebP or GIF image$/,
      );
    });

    it("a body over the cap of its purpose (413, the cap named in MB)", async () => {
      await refused(
        await app.upload(Buffer.alloc(50 * 1000 * 1000), "reference", "image/png"),
        413,
        "too_large",
        new RegExp(`at most ${formatBytes(UPLOAD_IMAGE_MAX_BYTES)}`),
      );
      await refused(
        await app.upload(Buffer.alloc(UPLOAD_VIDEO_MAX_BYTES + 1), "character", "video/mp4"),
        413,
        "too_large",
        /at most 50 MB/,
      );
    });

    it("a 20000×100 px PNG, naming its size", async () => {
      const wide = await sharp({ create: { width: 20_000, height: 100, channels: 3, background: "#336699" } })
        .png()
        .toBuffer();
      expect(wide.length).toBeLessThan(UPLOAD_IMAGE_MAX_BYTES);
      await refused(
        await app.upload(wide, "reference", "image/png"),
        400,
        "invalid_upload",
        /^The image is 20000×100 px; the longest edge may be at most 4096 px$/,
      );
    });

    it("a truncated PNG whose header is still whole", async () => {
      const png = await noisePng(256, 256);
      const cut = png.subarray(0, Math.floor(png.length / 2));
      expect((await sharp(cut).metadata()).format).toBe("png"); // the header alone would pass
      await refused(
        await app.upload(cut, "reference", "image/png"),
        400,
        "invalid_upload",
        /^This PNG image is damaged or incomplete; export it again$/,
      );
      // Cut WebP and GIF files fail at the header already, and are still named by their first bytes.
      const raw = { raw: { width: 64, height: 64, channels: 3 as const } };
      for (const [name, image] of [
        [
          "WebP",
          await sharp(randomBytes(64 * 64 * 3), raw)
            .webp()
            .toBuffer(),
        ],
        [
          "GIF",
          await sharp(randomBytes(64 * 64 * 3), raw)
            .gif()
            .toBuffer(),
        ],
        [
          "JPEG",
          await sharp(randomBytes(64 * 64 * 3), raw)
            .jpeg()
            .toBuffer(),
        ],
      ] as const) {
        await refused(
          await app.upload(image.subarray(0, Math.floor(image.length * 0.6)), "reference"),
          400,
          "invalid_upload",
          new RegExp(`^This ${name} image is damaged or incomplete`),
        );
      }
    });

    it("a non-video as a character clip, whatever it claims", async () => {
      await refused(
        await app.upload(await noisePng(16, 16), "character", "video/mp4"),
        400,
        "invalid_upload",
        /^This file is not an MP4 or MOV video$/,
      );
    });

    it("a clip cut before its movie header (no readable length)", async () => {
      const clip = fixture("clip-2s.mp4");
      await refused(
        await app.upload(clip.subarray(0, clip.length / 2), "character", "video/mp4"),
        400,
        "invalid_upload",
        /length could not be read/,
      );
    });

    it("a 0.5 s clip", async () => {
      await refused(
        await app.upload(fixture("clip-0.5s.mp4"), "character", "video/mp4"),
        400,
        "invalid_upload",
        /^The clip is 0\.5 s long; a character clip must be at least 1 s$/,
      );
    });

    it("an empty body and an unknown purpose", async () => {
      await refused(await app.upload(Buffer.alloc(0), "reference"), 400, "invalid_upload", /empty/);
      const res = await app.upload(await noisePng(8, 8), "avatar");
      expect(res.status).toBe(400);
      expect(res.json.error.issues).toEqual([
        { path: "purpose", message: "purpose must be one of reference, character" },
      ]);
      expect(await app.stored()).toEqual({ files: 0, rows: 0 });
    });

    it("GET of a malformed or unknown id: 404 with the error body", async () => {
      for (const id of ["nope", "../../studio.sqlite", "0".repeat(32), "A".repeat(32)]) {
        const res = await app.get(id);
        expect(res.status).toBe(404);
        expect(JSON.parse(res.bytes.toString())).toMatchObject({
          error: { code: "not_found", message: "The upload was not found" },
        });
      }
    });
  });

  describe("kept uploads are served like static files", () => {
    let app: App;
    beforeAll(async () => {
      app = await boot(target, fake);
    });
    afterAll(async () => app?.stop());

    it("an image: 201, then 200 with the same upload for the same bytes; GET gives them back", async () => {
      const png = await noisePng(64, 48);
      const first = await app.upload(png, "reference", "text/plain");
      expect(first.status).toBe(201);
      const { upload } = first.json;
      expect(upload).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        url: `/api/uploads/${upload.id}`,
        kind: "image",
        contentType: "image/png",
        bytes: png.length,
        width: 64,
        height: 48,
      });
      const again = await app.upload(png, "reference");
      expect(again.status).toBe(200);
      expect(again.json.upload).toEqual(upload);
      expect(await app.stored()).toEqual({ files: 1, rows: 1 });

      const res = await app.get(upload.id);
      expect(res.status).toBe(200);
      expect(res.bytes.equals(png)).toBe(true);
      expect(
        pickHeaders(res.headers, ["content-type", "x-content-type-options", "cache-control", "etag", "accept-ranges"]),
      ).toEqual({
        "content-type": "image/png",
        "x-content-type-options": "nosniff",
        "cache-control": "public, max-age=31536000, immutable",
        etag: `"${sha(png)}"`,
        "accept-ranges": "bytes",
      });
      expect(res.headers.get("content-disposition")).toMatch(/^inline/);
    });

    it("Range → 206, past the end → 416, If-None-Match → 304, HEAD → headers only", async () => {
      const jpeg = await sharp(randomBytes(32 * 32 * 3), { raw: { width: 32, height: 32, channels: 3 } })
        .jpeg()
        .toBuffer();
      const { upload } = (await app.upload(jpeg, "reference", "image/png")).json;
      expect(upload.contentType).toBe("image/jpeg");
      const part = await app.get(upload.id, { range: "bytes=10-19" });
      expect(part.status).toBe(206);
      expect(part.headers.get("content-range")).toBe(`bytes 10-19/${jpeg.length}`);
      expect(part.bytes.equals(jpeg.subarray(10, 20))).toBe(true);
      const past = await app.get(upload.id, { range: `bytes=${jpeg.length}-` });
      expect(past.status).toBe(416);
      expect(past.headers.get("content-range")).toBe(`bytes */${jpeg.length}`);
      const cached = await app.get(upload.id, { "if-none-match": `"${sha(jpeg)}"` });
      expect(cached.status).toBe(304);
      expect(cached.bytes.length).toBe(0);
      const stale = await app.get(upload.id, { "if-none-match": `"${"0".repeat(64)}"` });
      expect(stale.status).toBe(200);
      const head = await app.get(upload.id, {}, "HEAD");
      expect(head.status).toBe(200);
      expect(head.headers.get("etag")).toBe(`"${sha(jpeg)}"`);
      expect(head.bytes.length).toBe(0);
    });

    it("a 2 s clip, with its length read from the file; the same bytes as an image upload are refused", async () => {
      const clip = fixture("clip-2s.mp4");
      const res = await app.upload(clip, "character", "application/octet-stream");
      expect(res.status).toBe(201);
      expect(res.json.upload).toMatchObject({
        kind: "video",
        contentType: "video/mp4",
        bytes: clip.length,
        durationS: expect.closeTo(2, 1),
      });
      expect(res.json.upload.width).toBeUndefined();
      const served = await app.get(res.json.upload.id);
      expect(served.headers.get("content-type")).toBe("video/mp4");
      expect(served.bytes.equals(clip)).toBe(true);
      expect((await app.upload(clip, "reference", "image/png")).status).toBe(400);
    });
  });

  describe("POST /api/videos with uploads, no STUDIO_PUBLIC_URL, a real token", () => {
    let app: App;
    let image: { id: string; url: string };
    let imageBytes: Buffer;
    let clip: { id: string; url: string };
    beforeAll(async () => {
      app = await boot(target, fake);
      imageBytes = await noisePng(40, 30);
      image = (await app.upload(imageBytes, "reference")).json.upload;
      clip = (await app.upload(fixture("clip-2s.mp4"), "character")).json.upload;
    });
    afterAll(async () => app?.stop());

    it("refuses an upload that is not here, at its exact path, and stores no task", async () => {
      const before = fake.calls("/sora/videos").length;
      const res = await app.createVideo({ ...valid, image_urls: [image.url, `/api/uploads/${"e".repeat(32)}`] });
      expect(res.status).toBe(400);
      expect(res.json.error.issues).toEqual([
        { path: "image_urls.1", message: "This uploaded image is no longer in the studio; add it again" },
      ]);
      expect(await app.taskCount()).toBe(0);
      expect(fake.calls("/sora/videos").length).toBe(before);
    });

    it("refuses an upload of the wrong kind in either field", async () => {
      const res = await app.createVideo({ ...valid, image_urls: [clip.url], character_url: image.url });
      expect(res.status).toBe(400);
      expect(res.json.error.issues.map((i: { path: string }) => i.path)).toEqual(["image_urls.0", "character_url"]);
      expect(await app.taskCount()).toBe(0);
    });

    it("refuses an uploaded clip: AceData could not download it without a public URL", async () => {
      const res = await app.createVideo({ ...valid, character_url: clip.url, character_start: 0, character_end: 1.5 });
      expect(res.status).toBe(400);
      expect(res.json.error.issues).toEqual([
        {
          path: "character_url",
          message:
            "Uploaded clips can be sent only when STUDIO_PUBLIC_URL is set (AceData must download them); paste an https:// URL instead",
        },
      ]);
      expect(await app.taskCount()).toBe(0);
      expect(app.uploads.uploadHosting()).toEqual({ clips: false });
    });

    it("sends an uploaded image inline (data:) and keeps the short path in the stored task", async () => {
      const res = await app.createVideo({ ...valid, image_urls: ["https://example.com/a.png", image.url] });
      expect(res.status).toBe(202);
      expect(res.json.task.request.image_urls).toEqual(["https://example.com/a.png", image.url]);
      const sent = fake.calls("/sora/videos").at(-1)!.body;
      expect(sent.image_urls).toEqual([
        "https://example.com/a.png",
        `data:image/png;base64,${imageBytes.toString("base64")}`,
      ]);
      const row = await app.repo.findTaskRow(await app.db(), res.json.task.id);
      expect(JSON.parse(row!.request).image_urls).toEqual(["https://example.com/a.png", image.url]);
    });

    it("fails a queued task whose upload vanished before submission, without calling upstream", async () => {
      const other = (await app.upload(await noisePng(20, 20), "reference")).json.upload;
      const taskId = randomUUID();
      await app.repo.insertTask(await app.db(), {
        id: taskId,
        request: { ...valid, image_urls: [other.url] } as never,
        now: new Date().toISOString(),
      });
      fs.rmSync(path.join(app.dataDir, "uploads", `${other.id}.png`));
      const before = fake.calls("/sora/videos").length;
      const outcome = await app.tasks.trySubmit(taskId);
      expect(outcome?.task).toMatchObject({
        state: "failed",
        error: {
          code: "upload_missing",
          message: expect.stringContaining("Reference image 1 (an upload) is no longer in the studio"),
        },
      });
      expect(fake.calls("/sora/videos").length).toBe(before);
    });
  });

  describe("POST /api/videos with uploads and STUDIO_PUBLIC_URL", () => {
    let app: App;
    const PUBLIC = "https://studio.example.com";
    beforeAll(async () => {
      app = await boot(target, fake, { STUDIO_PUBLIC_URL: `${PUBLIC}/` });
    });
    afterAll(async () => app?.stop());

    it("sends public URLs for images and the clip; the task keeps the short paths", async () => {
      const image = (await app.upload(await noisePng(40, 30), "reference")).json.upload;
      const clip = (await app.upload(fixture("clip-2s.mp4"), "character")).json.upload;
      expect(app.uploads.uploadHosting()).toEqual({ clips: true });
      const res = await app.createVideo({
        ...valid,
        image_urls: [image.url],
        character_url: clip.url,
        character_start: 0.5,
        character_end: 2,
      });
      expect(res.status).toBe(202);
      expect(res.json.task.request).toMatchObject({ image_urls: [image.url], character_url: clip.url });
      const sent = fake.calls("/sora/videos").at(-1)!.body;
      expect(sent).toMatchObject({
        image_urls: [`${PUBLIC}/api/uploads/${image.id}`],
        character_url: `${PUBLIC}/api/uploads/${clip.id}`,
        character_start: 0.5,
        character_end: 2,
      });
    });

    it("refuses a character span that runs past the uploaded clip's end", async () => {
      const clip = (await app.upload(fixture("clip-2s.mp4"), "character")).json.upload;
      const tasksBefore = await app.taskCount();
      const res = await app.createVideo({ ...valid, character_url: clip.url, character_start: 1, character_end: 3 });
      expect(res.status).toBe(400);
      expect(res.json.error.issues).toEqual([
        {
          path: "character_end",
          message: expect.stringMatching(/^The clip is 2 s long; the character end may be at most 2 s$/),
        },
      ]);
      expect(await app.taskCount()).toBe(tasksBefore);
    });
  });

  describe("with the embedded emulator (no token, no public URL)", () => {
    let app: App;
    beforeAll(async () => {
      app = await boot(target, fake, { ACEDATACLOUD_API_TOKEN: "" });
    });
    afterAll(async () => app?.stop());

    it("allows clip uploads and addresses them at the studio's own origin (the emulator never fetches them)", async () => {
      const clip = (await app.upload(fixture("clip-2s.mp4"), "character")).json.upload;
      expect(app.uploads.uploadHosting()).toEqual({ clips: true });
      await expect(
        app.uploads.checkUploadRefs({
          ...valid,
          character_url: clip.url,
          character_start: 0,
          character_end: 1,
        } as never),
      ).resolves.toBeUndefined();
      const resolved = await app.uploads.resolveUploadRefs({ ...valid, character_url: clip.url } as never);
      expect(resolved.character_url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/api/uploads/${clip.id}$`));
    });
  });
});
