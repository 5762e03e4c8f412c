// biome-ignore-all lint/style/noNonNullAssertion: CRC table and data indices are bounded by their loops
import "server-only";
import zlib from "node:zlib";

// A streaming zip writer, small enough to own: entries are STORED (videos do not compress, and
// the bytes in the zip are then the stored file's), each one's CRC-32 is computed as its bytes
// pass and written after them in a data descriptor, so nothing is read twice or held whole.
// Names are UTF-8 (flag bit 11). ZIP64 records are added only where a size, an offset or the
// entry count outgrows the classic fields (a whole gallery can pass 4 GiB).
//
// The output is pulled: the next chunk of an entry is read only when the consumer asks for
// more, so a slow download holds one chunk of one file in memory, whatever the sizes.
// Spec: APPNOTE.TXT 6.3.x, sections 4.3.7 (local header), 4.3.9 (data descriptor), 4.3.12
// (central directory), 4.3.14–16 (ZIP64 end records), 4.5.3 (ZIP64 extra field).

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

const SIG_LOCAL = 0x04034b50;
const SIG_DESCRIPTOR = 0x08074b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_END64_LOCATOR = 0x07064b50;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const METHOD_STORE = 0;
const VERSION_CLASSIC = 20;
const VERSION_ZIP64 = 45;
/** "Made by" UNIX (3), so the external attributes below read as a regular file, rw-r--r--. */
const MADE_BY_UNIX = 3 << 8;
const REGULAR_FILE = (0o100644 << 16) >>> 0;
const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const ZIP64_EXTRA = 0x0001;

// --- CRC-32 (IEEE, as zip uses) ----------------------------------------------------------------

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

// --- names and times ---------------------------------------------------------------------------

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

/** MS-DOS date and time (2 s resolution, from 1980), in UTC so the same export reads the same anywhere. */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107);
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

// --- records -------------------------------------------------------------------------------------

type Written = { name: Buffer; crc: number; size: number; offset: number; time: number; date: number; zip64: boolean };

function localHeader(name: Buffer, time: number, date: number, zip64: boolean): Buffer {
  // Sizes and CRC follow in the data descriptor; a ZIP64 entry says so with an (empty) ZIP64 extra.
  const extra = zip64 ? Buffer.alloc(20) : Buffer.alloc(0);
  if (zip64) {
    extra.writeUInt16LE(ZIP64_EXTRA, 0);
    extra.writeUInt16LE(16, 2);
  }
  const header = Buffer.alloc(30);
  header.writeUInt32LE(SIG_LOCAL, 0);
  header.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_CLASSIC, 4);
  header.writeUInt16LE(FLAG_DESCRIPTOR | FLAG_UTF8, 6);
  header.writeUInt16LE(METHOD_STORE, 8);
  header.writeUInt16LE(time, 10);
  header.writeUInt16LE(date, 12);
  // CRC 0 at 14; sizes 0 (or 0xFFFFFFFF for ZIP64) at 18 and 22.
  if (zip64) {
    header.writeUInt32LE(MAX32, 18);
    header.writeUInt32LE(MAX32, 22);
  }
  header.writeUInt16LE(name.length, 26);
  header.writeUInt16LE(extra.length, 28);
  return Buffer.concat([header, name, extra]);
}

function dataDescriptor(crc: number, size: number, zip64: boolean): Buffer {
  const out = Buffer.alloc(zip64 ? 24 : 16);
  out.writeUInt32LE(SIG_DESCRIPTOR, 0);
  out.writeUInt32LE(crc, 4);
  if (zip64) {
    out.writeBigUInt64LE(BigInt(size), 8); // compressed = uncompressed: STORE
    out.writeBigUInt64LE(BigInt(size), 16);
  } else {
    out.writeUInt32LE(size, 8);
    out.writeUInt32LE(size, 12);
  }
  return out;
}

function centralHeader(entry: Written, force: boolean): Buffer {
  // Each field that does not fit (or all of them, forced) goes to the ZIP64 extra, in this order.
  const bigSize = force || entry.size >= MAX32;
  const bigOffset = force || entry.offset >= MAX32;
  const extraValues = [...(bigSize ? [entry.size, entry.size] : []), ...(bigOffset ? [entry.offset] : [])];
  const extra = Buffer.alloc(extraValues.length > 0 ? 4 + 8 * extraValues.length : 0);
  if (extraValues.length > 0) {
    extra.writeUInt16LE(ZIP64_EXTRA, 0);
    extra.writeUInt16LE(8 * extraValues.length, 2);
    for (const [i, value] of extraValues.entries()) extra.writeBigUInt64LE(BigInt(value), 4 + 8 * i);
  }
  const zip64 = extraValues.length > 0 || entry.zip64;
  const header = Buffer.alloc(46);
  header.writeUInt32LE(SIG_CENTRAL, 0);
  header.writeUInt16LE(MADE_BY_UNIX | (zip64 ? VERSION_ZIP64 : VERSION_CLASSIC), 4);
  header.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_CLASSIC, 6);
  header.writeUInt16LE(FLAG_DESCRIPTOR | FLAG_UTF8, 8);
  header.writeUInt16LE(METHOD_STORE, 10);
  header.writeUInt16LE(entry.time, 12);
  header.writeUInt16LE(entry.date, 14);
  header.writeUInt32LE(entry.crc, 16);
  header.writeUInt32LE(bigSize ? MAX32 : entry.size, 20);
  header.writeUInt32LE(bigSize ? MAX32 : entry.size, 24);
  header.writeUInt16LE(entry.name.length, 28);
  header.writeUInt16LE(extra.length, 30);
  // comment length, disk number, internal attributes: 0
  header.writeUInt32LE(REGULAR_FILE, 38);
  header.writeUInt32LE(bigOffset ? MAX32 : entry.offset, 42);
  return Buffer.concat([header, entry.name, extra]);
}

function endRecords(count: number, cdOffset: number, cdSize: number, force: boolean): Buffer {
  const zip64 = force || count >= MAX16 || cdOffset >= MAX32 || cdSize >= MAX32;
  const parts: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(SIG_END64, 0);
    record.writeBigUInt64LE(44n, 4); // the record's size after this field
    record.writeUInt16LE(MADE_BY_UNIX | VERSION_ZIP64, 12);
    record.writeUInt16LE(VERSION_ZIP64, 14);
    // this disk and the central directory's disk: 0
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(cdSize), 40);
    record.writeBigUInt64LE(BigInt(cdOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(SIG_END64_LOCATOR, 0);
    locator.writeBigUInt64LE(BigInt(cdOffset + cdSize), 8); // where the ZIP64 end record starts
    locator.writeUInt32LE(1, 16); // disks in all
    parts.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(SIG_END, 0);
  end.writeUInt16LE(zip64 ? Math.min(count, MAX16) : count, 8);
  end.writeUInt16LE(zip64 ? Math.min(count, MAX16) : count, 10);
  end.writeUInt32LE(zip64 && cdSize >= MAX32 ? MAX32 : cdSize, 12);
  end.writeUInt32LE(zip64 && cdOffset >= MAX32 ? MAX32 : cdOffset, 16);
  if (force) {
    end.writeUInt16LE(MAX16, 8);
    end.writeUInt16LE(MAX16, 10);
    end.writeUInt32LE(MAX32, 12);
    end.writeUInt32LE(MAX32, 16);
  }
  parts.push(end);
  return Buffer.concat(parts);
}

// --- the stream ----------------------------------------------------------------------------------

/** The zip's bytes, chunk by chunk; entries are taken (and their sources opened) one at a time. */
export async function* zipChunks(
  entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>,
  options: ZipOptions = {},
): AsyncGenerator<Uint8Array> {
  const force = options.forceZip64 === true;
  const written: Written[] = [];
  const names = new Set<string>();
  let offset = 0;
  for await (const entry of entries) {
    if (!isSafeEntryName(entry.name)) throw new Error(`unsafe zip entry name: ${JSON.stringify(entry.name)}`);
    if (names.has(entry.name)) throw new Error(`duplicate zip entry name: ${entry.name}`);
    names.add(entry.name);
    const name = Buffer.from(entry.name, "utf8");
    const { time, date } = dosDateTime(entry.modified ?? new Date());
    // Decided before the bytes: the local header must announce a ZIP64 descriptor.
    const zip64 = force || (entry.size ?? 0) >= MAX32;
    const start = offset;
    const header = localHeader(name, time, date, zip64);
    offset += header.length;
    yield header;

    let crc = 0;
    let size = 0;
    const reader = (await entry.open()).getReader();
    let finished = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          finished = true;
          break;
        }
        if (value.byteLength === 0) continue;
        crc = crc32(value, crc);
        size += value.byteLength;
        if (entry.size !== undefined && size > entry.size)
          throw new Error(`zip entry ${entry.name} is longer than its announced ${entry.size} bytes`);
        offset += value.byteLength;
        yield value;
      }
    } finally {
      // Failed, or the consumer went away mid-entry: close the source now, not when collected.
      if (!finished) await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
    if (entry.size !== undefined && size !== entry.size)
      throw new Error(`zip entry ${entry.name} has ${size} bytes, ${entry.size} were announced`);
    if (!zip64 && size >= MAX32)
      throw new Error(`zip entry ${entry.name} is 4 GiB or more; announce its size so it is written as ZIP64`);
    const descriptor = dataDescriptor(crc, size, zip64);
    offset += descriptor.length;
    yield descriptor;
    written.push({ name, crc, size, offset: start, time, date, zip64 });
  }
  const cdOffset = offset;
  let cdSize = 0;
  // The central directory in batches: a few hundred records per chunk, not one chunk per record.
  let batch: Buffer[] = [];
  for (const entry of written) {
    const record = centralHeader(entry, force);
    cdSize += record.length;
    batch.push(record);
    if (batch.length >= 256) {
      yield Buffer.concat(batch);
      batch = [];
    }
  }
  batch.push(endRecords(written.length, cdOffset, cdSize, force));
  yield Buffer.concat(batch);
}

/**
 * The zip as a web stream (a route's response body). It is pulled: nothing is read ahead of
 * the consumer. Cancelling it (the download was abandoned) closes the open source.
 */
export function zipStream(
  entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>,
  options: ZipOptions = {},
): ReadableStream<Uint8Array> {
  const chunks = zipChunks(entries, options);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await chunks.next();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
