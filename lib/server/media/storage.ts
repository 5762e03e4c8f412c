import "server-only";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { processSingleton } from "@/lib/shared/process-singleton";
import { env } from "../platform/env";

// Where archived videos live. The interface is the four calls an object store offers, so an
// S3-compatible implementation is a direct mapping: put = a (multipart) PutObject that streams
// the body while hashing it, stat = HeadObject, open = GetObject with a `Range` header,
// delete = DeleteObject. Object stores never show a half-written object, and the local
// implementation keeps that promise too: a write lands in a temp file and is renamed into
// place only once complete and verified. Content type and checksum are kept in the database
// row, so the store needs no metadata of its own.

export type ByteSpan = { start: number; end: number };
export type PutOptions = {
  /** The byte count the source announced (Content-Length); anything else fails the write. */
  expectedSize?: number;
  /** Refuse sources larger than this (a runaway download must not fill the disk). */
  maxBytes?: number;
  /** For stores that keep it with the object (S3); the local store leaves it to the database. */
  contentType?: string;
};
export type PutResult = { size: number; sha256: string };

export interface VideoStorage {
  /** Streams `body` under `key`; the object exists only if the whole body arrived and was verified. */
  put(key: string, body: ReadableStream<Uint8Array>, options?: PutOptions): Promise<PutResult>;
  /** Size of a stored object, or undefined when there is none. */
  stat(key: string): Promise<{ size: number } | undefined>;
  /** The bytes of `span` (inclusive, as in HTTP ranges), or of the whole object, as a stream. */
  open(key: string, span?: ByteSpan): Promise<ReadableStream<Uint8Array>>;
  /** Removes an object; a missing one is not an error. */
  delete(key: string): Promise<void>;
}

/** The source ended before (or ran past) the size it announced: the write was discarded. */
export class IncompleteBodyError extends Error {
  constructor(
    readonly received: number,
    readonly expected: number,
  ) {
    super(`received ${received} of ${expected} bytes`);
    this.name = "IncompleteBodyError";
  }
}

export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the body is larger than ${maxBytes} bytes`);
    this.name = "BodyTooLargeError";
  }
}

// Segments of letters, digits, dot, dash and underscore that never start with a dot: no `..`,
// no hidden names (the temp dir is `.tmp`), no absolute paths, no backslashes.
const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;
const MAX_KEY_LENGTH = 512;
/** Reads of at most this size: memory per open stream stays at one chunk. */
const READ_CHUNK = 256 * 1024;
const TEMP_DIR = ".tmp";
/** Temp files older than this are leftovers of a crash mid-download. */
const STALE_TEMP_MS = 24 * 3600_000;

export function assertSafeKey(key: string): void {
  if (key.length > MAX_KEY_LENGTH || !KEY.test(key))
    throw new Error(`unsafe storage key: ${JSON.stringify(key.slice(0, 80))}`);
}

export class LocalVideoStorage implements VideoStorage {
  private readonly tempDir: string;

  constructor(private readonly root: string) {
    this.root = path.resolve(root);
    this.tempDir = path.join(this.root, TEMP_DIR);
  }

  /** Where an object lives on disk, for tools that read files (ffmpeg). */
  pathOf(key: string): string {
    return this.file(key);
  }

  private file(key: string): string {
    assertSafeKey(key);
    const file = path.resolve(this.root, key);
    // Belt and braces: the pattern already rules it out, the resolved path proves it.
    if (!file.startsWith(this.root + path.sep)) throw new Error("unsafe storage key");
    return file;
  }

  async put(key: string, body: ReadableStream<Uint8Array>, options: PutOptions = {}): Promise<PutResult> {
    const target = this.file(key);
    await fs.promises.mkdir(this.tempDir, { recursive: true });
    const temp = path.join(this.tempDir, `${randomUUID()}.part`);
    const hash = createHash("sha256");
    let size = 0;
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(temp, "wx");
    } catch (error) {
      await body.cancel(error).catch(() => undefined);
      throw error;
    }
    const reader = body.getReader();
    let closed = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (options.maxBytes !== undefined && size > options.maxBytes) throw new BodyTooLargeError(options.maxBytes);
        if (options.expectedSize !== undefined && size > options.expectedSize)
          throw new IncompleteBodyError(size, options.expectedSize);
        hash.update(value);
        // One chunk at a time: the read waits for the write, so a fast source cannot pile up in memory.
        await writeAll(handle, value);
      }
      if (options.expectedSize !== undefined && size !== options.expectedSize)
        throw new IncompleteBodyError(size, options.expectedSize);
      // On disk before it is visible under its key, so a crash right after cannot leave an empty file there.
      await handle.sync();
      await handle.close();
      closed = true;
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.rename(temp, target);
      return { size, sha256: hash.digest("hex") };
    } catch (error) {
      await reader.cancel(error).catch(() => undefined);
      throw error;
    } finally {
      if (!closed) await handle.close().catch(() => undefined);
      await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    }
  }

  async stat(key: string): Promise<{ size: number } | undefined> {
    try {
      const stats = await fs.promises.stat(this.file(key));
      return stats.isFile() ? { size: stats.size } : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async open(key: string, span?: ByteSpan): Promise<ReadableStream<Uint8Array>> {
    const file = this.file(key);
    // Fails here, before any header is sent, when there is no such object.
    const { size } = await fs.promises.stat(file);
    const end = span ? Math.min(span.end + 1, size) : size;
    let position = span ? span.start : 0;
    // The file is opened on the first read, so a response that is never read (the viewer left
    // before it started) holds no descriptor.
    let handle: fs.promises.FileHandle | undefined;
    const close = async () => {
      const open = handle;
      handle = undefined;
      await open?.close().catch(() => undefined);
    };
    // Pulled one chunk per read, with no queue ahead of the reader: memory stays flat however
    // large the file or slow the viewer, and what is read is exactly the span asked for.
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          try {
            const length = Math.min(READ_CHUNK, end - position);
            if (length <= 0) {
              await close();
              controller.close();
              return;
            }
            handle ??= await fs.promises.open(file, "r");
            const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(length), 0, length, position);
            if (bytesRead === 0) throw new Error("the stored file is shorter than expected");
            position += bytesRead;
            controller.enqueue(new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead));
          } catch (error) {
            await close();
            controller.error(error);
          }
        },
        cancel: close,
      },
      { highWaterMark: 0 },
    );
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.file(key), { force: true });
  }

  /** Removes temp files a crash left behind (never ones a running write may still use). */
  async sweepTemp(now = Date.now()): Promise<number> {
    let removed = 0;
    let names: string[];
    try {
      names = await fs.promises.readdir(this.tempDir);
    } catch {
      return 0;
    }
    for (const name of names) {
      const file = path.join(this.tempDir, name);
      const stats = await fs.promises.stat(file).catch(() => undefined);
      if (stats && now - stats.mtimeMs > STALE_TEMP_MS) {
        await fs.promises.rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }
}

async function writeAll(handle: fs.promises.FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.byteLength) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.byteLength - offset);
    offset += bytesWritten;
  }
}

/**
 * A file ffmpeg can open for a stored object: the object itself in the local store, else a copy
 * under `dir`. ffmpeg needs a seekable file: an MP4 whose index sits at the end cannot be read from a pipe.
 */
export async function fileFor(storage: VideoStorage, key: string, dir: string): Promise<string> {
  if (storage instanceof LocalVideoStorage) {
    const file = storage.pathOf(key);
    await fs.promises.access(file, fs.constants.R_OK);
    return file;
  }
  const copy = path.join(dir, `${randomUUID()}.bin`);
  await pipeline(Readable.fromWeb((await storage.open(key)) as NodeWebStream<Uint8Array>), fs.createWriteStream(copy));
  return copy;
}

/** The process's video store: `<STUDIO_DATA_DIR>/media`. */
export function videoStorage(): VideoStorage {
  return processSingleton("video-storage", () => {
    const storage = new LocalVideoStorage(path.join(env().dataDir, "media"));
    void storage.sweepTemp();
    return storage;
  });
}
