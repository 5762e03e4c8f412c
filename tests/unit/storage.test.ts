import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BodyTooLargeError, IncompleteBodyError, LocalVideoStorage } from "@/lib/server/media/storage";

// The local video store: what it keeps is always whole, what it serves is the exact bytes,
// and a key can never reach outside its directory.

let dir: string;
let storage: LocalVideoStorage;
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** A body delivered in chunks; `failAfter` chunks in, it errors like a dropped connection. */
function body(bytes: Buffer, chunk = 64 * 1024, failAfter?: number): ReadableStream<Uint8Array> {
  let offset = 0;
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter !== undefined && sent >= failAfter) return controller.error(new TypeError("terminated"));
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + chunk)));
      offset += chunk;
      sent++;
    },
  });
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream as unknown as AsyncIterable<Uint8Array>) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

/** Every file under the store's root, relative (temp files included). */
function filesUnder(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-storage-"));
  storage = new LocalVideoStorage(path.join(dir, "media"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("LocalVideoStorage", () => {
  it("stores a streamed body whole and reports its size and sha256", async () => {
    const bytes = randomBytes(1_000_003);
    const result = await storage.put("videos/a.mp4", body(bytes), { expectedSize: bytes.length });
    expect(result).toEqual({ size: bytes.length, sha256: sha(bytes) });
    expect(await storage.stat("videos/a.mp4")).toEqual({ size: bytes.length });
    expect(sha(fs.readFileSync(path.join(dir, "media", "videos", "a.mp4")))).toBe(sha(bytes));
    expect(filesUnder(path.join(dir, "media"))).toEqual(["videos/a.mp4"]);
  });

  it("opens the whole object or an exact inclusive byte span", async () => {
    const bytes = randomBytes(700_000);
    await storage.put("v.mp4", body(bytes));
    expect(sha(await readAll(await storage.open("v.mp4")))).toBe(sha(bytes));
    expect(await readAll(await storage.open("v.mp4", { start: 0, end: 0 }))).toEqual(bytes.subarray(0, 1));
    expect(await readAll(await storage.open("v.mp4", { start: 262_140, end: 524_300 }))).toEqual(
      bytes.subarray(262_140, 524_301),
    );
    expect(await readAll(await storage.open("v.mp4", { start: 699_990, end: 699_999 }))).toEqual(
      bytes.subarray(699_990),
    );
  });

  it("delete removes the object; deleting a missing one is fine; stat of a missing one is undefined", async () => {
    await storage.put("v.mp4", body(randomBytes(10)));
    await storage.delete("v.mp4");
    expect(await storage.stat("v.mp4")).toBeUndefined();
    await expect(storage.delete("v.mp4")).resolves.toBeUndefined();
    await expect(storage.open("v.mp4")).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("a body cut mid-stream leaves neither the object nor a temp file", async () => {
    const bytes = randomBytes(1_000_000);
    await expect(
      storage.put("videos/cut.mp4", body(bytes, 64 * 1024, 5), { expectedSize: bytes.length }),
    ).rejects.toThrow("terminated");
    expect(await storage.stat("videos/cut.mp4")).toBeUndefined();
    expect(filesUnder(path.join(dir, "media"))).toEqual([]);
  });

  it("a body that ends cleanly but short of its Content-Length is refused, not stored", async () => {
    const bytes = randomBytes(300_000);
    const error = await storage.put("short.mp4", body(bytes), { expectedSize: 400_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteBodyError);
    expect(error).toMatchObject({ received: 300_000, expected: 400_000 });
    expect(filesUnder(path.join(dir, "media"))).toEqual([]);
  });

  it("a body longer than announced, or over the cap, is refused", async () => {
    await expect(storage.put("long.mp4", body(randomBytes(200_000)), { expectedSize: 100_000 })).rejects.toBeInstanceOf(
      IncompleteBodyError,
    );
    await expect(storage.put("big.mp4", body(randomBytes(200_000)), { maxBytes: 150_000 })).rejects.toBeInstanceOf(
      BodyTooLargeError,
    );
    expect(filesUnder(path.join(dir, "media"))).toEqual([]);
  });

  it("a failed retry never damages a complete copy already stored under the key", async () => {
    const good = randomBytes(500_000);
    await storage.put("v.mp4", body(good), { expectedSize: good.length });
    await expect(
      storage.put("v.mp4", body(randomBytes(500_000), 64 * 1024, 3), { expectedSize: 500_000 }),
    ).rejects.toThrow();
    expect(sha(fs.readFileSync(path.join(dir, "media", "v.mp4")))).toBe(sha(good));
    expect(filesUnder(path.join(dir, "media"))).toEqual(["v.mp4"]);
  });

  const unsafe = [
    "../escape.mp4",
    "videos/../../escape.mp4",
    "/etc/passwd",
    ".tmp/x.part",
    "videos/.hidden",
    "a\\b.mp4",
    "",
    "a//b.mp4",
    "videos/",
    "x".repeat(600),
    "a/%2e%2e/b",
    "v\0.mp4",
  ];
  for (const key of unsafe) {
    it(`refuses the key ${JSON.stringify(key.slice(0, 30))} for every operation and writes nothing`, async () => {
      await expect(storage.put(key, body(randomBytes(10)))).rejects.toThrow(/unsafe storage key/);
      await expect(storage.stat(key)).rejects.toThrow(/unsafe storage key/);
      await expect(storage.open(key)).rejects.toThrow(/unsafe storage key/);
      await expect(storage.delete(key)).rejects.toThrow(/unsafe storage key/);
      expect(filesUnder(dir)).toEqual([]);
    });
  }

  it("sweeps temp files a crash left behind, but not fresh ones", async () => {
    const temp = path.join(dir, "media", ".tmp");
    fs.mkdirSync(temp, { recursive: true });
    fs.writeFileSync(path.join(temp, "old.part"), "x");
    fs.writeFileSync(path.join(temp, "new.part"), "x");
    const old = new Date(Date.now() - 2 * 24 * 3600_000);
    fs.utimesSync(path.join(temp, "old.part"), old, old);
    expect(await storage.sweepTemp()).toBe(1);
    expect(fs.readdirSync(temp)).toEqual(["new.part"]);
  });
});
