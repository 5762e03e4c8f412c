// biome-ignore-all lint/style/noNonNullAssertion: CRC table and data indices are bounded by their loops
import "server-only";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import { ZipFile } from "yazl";

// A streaming zip: the records (local headers, data descriptors, the central directory, ZIP64
// where a size, an offset or the entry count needs it) are yazl's. Entries are STORED (videos do
// not compress, and the bytes in the zip are then the stored file's), with their CRC-32 and size
// in a data descriptor after the bytes, so nothing is read twice or held whole. Names are UTF-8.
// Times: yazl writes the DOS fields in the server's time zone and the exact UTC time in an
// Info-ZIP "UT" extra field, which unzip and most readers prefer.
//
// What is ours is around it: the names we accept, the announced sizes we hold sources to, and the
// pace. The output is pulled: a source's next chunk is read only when the consumer asks for bytes
// that nothing already written can give, so a slow download holds one chunk of one file in
// memory, whatever the sizes, and at most one source is open at a time.

export type ZipEntry = {
  /** A relative path with `/` separators: no leading `/`, no `..`, no backslashes. */
  name: string;
  /** The byte count, when known in advance; the entry fails if the source disagrees. */
  size?: number;
  modified?: Date;
  /** Opened only when the writer reaches this entry, so at most one source is open at a time. */
  open: () => ReadableStream<Uint8Array> | Promise<ReadableStream<Uint8Array>>;
};

export type ZipOptions = {
  /** Write ZIP64 fields for every entry and the end records (tests exercise that path with small data). */
  forceZip64?: boolean;
};

/** A regular file, rw-r--r-- (the external attributes of a "made by UNIX" entry). */
const FILE_MODE = 0o100644;

// --- CRC-32 (IEEE, as zip uses) ----------------------------------------------------------------
// yazl computes the CRCs it writes; the reader checks each entry's against its directory with this
// one (yauzl does not check CRCs).

// Node ≥ 20.15 has a native one in zlib; older 20.x fall back to a table-driven loop.
const nativeCrc32 = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
let table: Uint32Array | undefined;

/** CRC-32 in plain JavaScript (one table lookup a byte). */
export function crc32Js(data: Uint8Array, previous = 0): number {
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = ~previous >>> 0;
  for (let i = 0; i < data.length; i++) crc = (table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8)) >>> 0;
  return ~crc >>> 0;
}

/** CRC-32 of `data`, continuing from `previous` (the CRC of the bytes before it). */
export function crc32(data: Uint8Array, previous = 0): number {
  return nativeCrc32 ? nativeCrc32(data, previous) >>> 0 : crc32Js(data, previous);
}

// --- names ---------------------------------------------------------------------------------------

/** Whether a name is a safe relative path (the writer refuses others; the import refuses them too). */
export function isSafeEntryName(name: string): boolean {
  if (name === "" || name.length > 1024 || name.startsWith("/") || name.includes("\\") || /^[A-Za-z]:/.test(name))
    return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  if (/[\u0000-\u001f]/.test(name)) return false;
  return name
    .split("/")
    .every((segment, i, all) => segment !== ".." && segment !== "." && (segment !== "" || i === all.length - 1));
}

// --- the stream ----------------------------------------------------------------------------------

/**
 * The zip as a web stream (a route's response body). It is pulled: nothing is read ahead of
 * the consumer. Cancelling it (the download was abandoned) closes the open source.
 *
 * A name ending in `/` is written as a directory entry (its source is not opened).
 */
export function zipStream(
  entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>,
  options: ZipOptions = {},
): ReadableStream<Uint8Array> {
  const force = options.forceZip64 === true;
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let started = false;
  let stopped = false;
  let outputEnded = false;
  /** The pull waiting for bytes, if any. */
  let waiting: (() => void) | undefined;
  /** The source open now, and how to tell its entry's producer that it is finished (or given up). */
  let current: { reader: ReadableStreamDefaultReader<Uint8Array>; finished: () => void } | undefined;
  // One chunk of the current source may be read for each pull that found nothing to give.
  let credit = false;
  let onCredit: ((go: boolean) => void) | undefined;

  const grant = () => {
    if (onCredit) {
      const go = onCredit;
      onCredit = undefined;
      go(true);
    } else credit = true;
  };
  const takeCredit = () =>
    new Promise<boolean>((resolve) => {
      if (stopped) return resolve(false);
      if (credit) {
        credit = false;
        return resolve(true);
      }
      onCredit = resolve;
    });

  const stop = async (reason?: unknown) => {
    if (stopped) return;
    stopped = true;
    onCredit?.(false);
    onCredit = undefined;
    const open = current;
    current = undefined;
    open?.finished();
    await open?.reader.cancel(reason).catch(() => undefined);
  };
  const fail = (error: unknown) => {
    if (stopped) return;
    void stop(error);
    controller.error(error);
    const resume = waiting;
    waiting = undefined;
    resume?.();
  };

  /** Answers the waiting pull with what yazl has written, if anything; whether it did. */
  const deliver = (): boolean => {
    if (!waiting || stopped) return false;
    const chunk = output.read() as Buffer | null;
    if (chunk !== null) controller.enqueue(chunk);
    else if (outputEnded) controller.close();
    else return false;
    credit = false; // what was written answered this pull
    const resume = waiting;
    waiting = undefined;
    resume();
    return true;
  };
  output.on("readable", () => void deliver());
  output.on("end", () => {
    outputEnded = true;
    deliver();
  });
  zip.on("error", fail);

  /** A Node stream of the entry's bytes for yazl, read one chunk a credit and held to its announced size. */
  function source(entry: ZipEntry, reader: ReadableStreamDefaultReader<Uint8Array>, finished: () => void): Readable {
    let size = 0;
    return new Readable({
      read() {
        void (async () => {
          if (!(await takeCredit())) return;
          for (;;) {
            const { done, value } = await reader.read();
            if (stopped) return;
            if (done) {
              if (entry.size !== undefined && size !== entry.size)
                throw new Error(`zip entry ${entry.name} has ${size} bytes, ${entry.size} were announced`);
              reader.releaseLock();
              current = undefined;
              this.push(null);
              finished();
              return;
            }
            if (value.byteLength === 0) continue;
            size += value.byteLength;
            if (entry.size !== undefined && size > entry.size)
              throw new Error(`zip entry ${entry.name} is longer than its announced ${entry.size} bytes`);
            this.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
            return;
          }
        })().catch(fail);
      },
    });
  }

  /** Hands the entry to yazl; settles once its source is read to the end (or the zip is given up). */
  const add = (entry: ZipEntry) =>
    new Promise<void>((resolve) => {
      const mtime = entry.modified ?? new Date();
      if (entry.name.endsWith("/")) {
        zip.addEmptyDirectory(entry.name, { mtime });
        return resolve();
      }
      const settings = { mtime, mode: FILE_MODE, compress: false, forceZip64Format: force, size: entry.size };
      zip.addReadStreamLazy(entry.name, settings, (ready) => {
        Promise.resolve()
          .then(() => entry.open())
          .then((web) => {
            const reader = web.getReader();
            if (stopped) {
              resolve();
              return void reader.cancel().catch(() => undefined);
            }
            current = { reader, finished: resolve };
            ready(null, source(entry, reader, resolve));
          })
          .catch((error: unknown) => {
            fail(error);
            resolve();
          });
      });
    });

  const produce = async () => {
    const names = new Set<string>();
    for await (const entry of entries) {
      if (stopped) return;
      if (!isSafeEntryName(entry.name)) throw new Error(`unsafe zip entry name: ${JSON.stringify(entry.name)}`);
      if (names.has(entry.name)) throw new Error(`duplicate zip entry name: ${entry.name}`);
      names.add(entry.name);
      await add(entry);
      if (stopped) return;
    }
    zip.end({ forceZip64Format: force, comment: "" });
  };

  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        return new Promise<void>((resolve) => {
          waiting = resolve;
          if (!started) {
            started = true;
            produce().catch(fail);
          }
          if (!deliver()) grant();
        });
      },
      async cancel(reason) {
        await stop(reason);
        output.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}

/** The zip's bytes, chunk by chunk (the same stream, as an async iterable). */
export async function* zipChunks(
  entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>,
  options: ZipOptions = {},
): AsyncGenerator<Uint8Array> {
  const reader = zipStream(entries, options).getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
