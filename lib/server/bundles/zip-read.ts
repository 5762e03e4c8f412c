import "server-only";
import fs from "node:fs";
import { pipeline } from "node:stream";
import zlib from "node:zlib";
import { crc32 } from "./zip-write";

// Reads a zip from a file on disk, trusting nothing in it: the central directory is read from
// the end record (ZIP64 too), every offset and size is checked against the file's bounds, and
// an entry's bytes are streamed (STORE or DEFLATE) with their CRC-32 and size verified at the
// end, so a damaged or truncated zip is an error, never bytes taken as whole. Names are
// returned as written; deciding which names are acceptable is the caller's job.

export class ZipFormatError extends Error {
  constructor(
    message: string,
    /** The entry concerned, when there is one. */
    readonly entry?: string,
  ) {
    super(message);
    this.name = "ZipFormatError";
  }
}

export type ZipFileEntry = {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
};

export type ZipDirectory = { file: string; entries: ZipFileEntry[] /** Where entry data must end. */; dataEnd: number };

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_END64_LOCATOR = 0x07064b50;
const MAX32 = 0xffffffff;
const END_MIN = 22;
const COMMENT_MAX = 0xffff;
export const METHOD_STORE = 0;
export const METHOD_DEFLATE = 8;
const FLAG_ENCRYPTED = 0x0001;
const READ_CHUNK = 256 * 1024;

async function readAt(handle: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead !== length) throw new ZipFormatError("The zip file ends too early (is it truncated?).");
  return buffer;
}

const u64 = (buffer: Buffer, at: number) => {
  const value = buffer.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER))
    throw new ZipFormatError("The zip file has an impossible size or offset.");
  return Number(value);
};

/** The entries of a zip file, with limits on how many and how large its directory may be. */
export async function readZipDirectory(
  file: string,
  limits: { maxEntries: number; maxDirectoryBytes: number },
): Promise<ZipDirectory> {
  const handle = await fs.promises.open(file, "r");
  try {
    const { size } = await handle.stat();
    if (size < END_MIN) throw new ZipFormatError("This is not a zip file (it is too short).");
    const tailLength = Math.min(size, END_MIN + COMMENT_MAX);
    const tail = await readAt(handle, size - tailLength, tailLength);
    let endAt = -1;
    for (let i = tail.length - END_MIN; i >= 0; i--) {
      if (tail.readUInt32LE(i) === SIG_END && tail.readUInt16LE(i + 20) === tail.length - i - END_MIN) {
        endAt = i;
        break;
      }
    }
    if (endAt < 0)
      throw new ZipFormatError("This is not a zip file, or it is truncated (no end of central directory record).");
    const endOffset = size - tailLength + endAt;
    if (tail.readUInt16LE(endAt + 4) !== 0 || tail.readUInt16LE(endAt + 6) !== 0)
      throw new ZipFormatError("Split (multi-part) zip files are not supported.");
    let count = tail.readUInt16LE(endAt + 10);
    let cdSize = tail.readUInt32LE(endAt + 12);
    let cdOffset = tail.readUInt32LE(endAt + 16);
    let dataEnd = endOffset;
    // A ZIP64 locator sits right before the classic end record when the zip needs one.
    if (endOffset >= 20) {
      const locator = await readAt(handle, endOffset - 20, 20);
      if (locator.readUInt32LE(0) === SIG_END64_LOCATOR) {
        const recordAt = u64(locator, 8);
        if (recordAt + 56 > endOffset - 20) throw new ZipFormatError("The zip's ZIP64 end record is out of bounds.");
        const record = await readAt(handle, recordAt, 56);
        if (record.readUInt32LE(0) !== SIG_END64) throw new ZipFormatError("The zip's ZIP64 end record is damaged.");
        count = u64(record, 32);
        cdSize = u64(record, 40);
        cdOffset = u64(record, 48);
        dataEnd = recordAt;
      }
    }
    if (count > limits.maxEntries)
      throw new ZipFormatError(`The zip has ${count} entries; a bundle has at most ${limits.maxEntries}.`);
    if (cdSize > limits.maxDirectoryBytes)
      throw new ZipFormatError("The zip's central directory is larger than any bundle's.");
    if (cdOffset + cdSize > dataEnd)
      throw new ZipFormatError("The zip's central directory is out of bounds (is it truncated?).");
    const cd = await readAt(handle, cdOffset, cdSize);
    const entries: ZipFileEntry[] = [];
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (at + 46 > cd.length || cd.readUInt32LE(at) !== SIG_CENTRAL)
        throw new ZipFormatError("The zip's central directory is damaged.");
      const flags = cd.readUInt16LE(at + 8);
      const method = cd.readUInt16LE(at + 10);
      const crc = cd.readUInt32LE(at + 16);
      let compressedSize = cd.readUInt32LE(at + 20);
      let entrySize = cd.readUInt32LE(at + 24);
      const nameLength = cd.readUInt16LE(at + 28);
      const extraLength = cd.readUInt16LE(at + 30);
      const commentLength = cd.readUInt16LE(at + 32);
      let localOffset = cd.readUInt32LE(at + 42);
      const end = at + 46 + nameLength + extraLength + commentLength;
      if (end > cd.length) throw new ZipFormatError("The zip's central directory is damaged.");
      const name = cd.subarray(at + 46, at + 46 + nameLength).toString("utf8");
      // ZIP64 extra: the 8-byte values of exactly the fields marked 0xFFFFFFFF, in this order.
      const extra = cd.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
      for (let e = 0; e + 4 <= extra.length; ) {
        const id = extra.readUInt16LE(e);
        const length = extra.readUInt16LE(e + 2);
        if (e + 4 + length > extra.length)
          throw new ZipFormatError("An extra field in the zip's directory is damaged.", name);
        if (id === 0x0001) {
          let p = e + 4;
          const next = () => {
            if (p + 8 > e + 4 + length)
              throw new ZipFormatError("A ZIP64 field in the zip's directory is damaged.", name);
            const value = u64(extra, p);
            p += 8;
            return value;
          };
          if (entrySize === MAX32) entrySize = next();
          if (compressedSize === MAX32) compressedSize = next();
          if (localOffset === MAX32) localOffset = next();
        }
        e += 4 + length;
      }
      if (localOffset + 30 > cdOffset) throw new ZipFormatError(`The zip entry ${name} points outside the file.`, name);
      entries.push({ name, method, flags, crc, compressedSize, size: entrySize, localOffset });
      at = end;
    }
    return { file, entries, dataEnd: cdOffset };
  } finally {
    await handle.close();
  }
}

/**
 * An entry's bytes, chunk by chunk, decompressed, with its size and CRC-32 checked as they
 * pass (the last chunk is followed by the check, so a consumer that reads to the end has
 * verified bytes). At most one chunk is held at a time.
 */
export async function* entryBytes(zip: ZipDirectory, entry: ZipFileEntry): AsyncGenerator<Buffer> {
  if (entry.flags & FLAG_ENCRYPTED) throw new ZipFormatError(`The zip entry ${entry.name} is encrypted.`, entry.name);
  if (entry.method !== METHOD_STORE && entry.method !== METHOD_DEFLATE) {
    throw new ZipFormatError(
      `The zip entry ${entry.name} uses compression method ${entry.method}; only stored and deflated entries are read.`,
      entry.name,
    );
  }
  const handle = await fs.promises.open(zip.file, "r");
  let start: number;
  try {
    const header = await readAt(handle, entry.localOffset, 30);
    if (header.readUInt32LE(0) !== SIG_LOCAL)
      throw new ZipFormatError(`The zip entry ${entry.name} has a damaged local header.`, entry.name);
    const nameLength = header.readUInt16LE(26);
    const localName = (await readAt(handle, entry.localOffset + 30, nameLength)).toString("utf8");
    if (localName !== entry.name)
      throw new ZipFormatError(`The zip entry ${entry.name} is named ${localName} in its local header.`, entry.name);
    start = entry.localOffset + 30 + nameLength + header.readUInt16LE(28);
  } finally {
    await handle.close();
  }
  if (start + entry.compressedSize > zip.dataEnd)
    throw new ZipFormatError(
      `The zip entry ${entry.name} runs past the end of the data (is the zip truncated?).`,
      entry.name,
    );
  if (entry.compressedSize === 0) {
    if (entry.size !== 0 || entry.crc !== 0)
      throw new ZipFormatError(
        `The zip entry ${entry.name} is damaged (its size or checksum does not match).`,
        entry.name,
      );
    return;
  }
  const raw = fs.createReadStream(zip.file, {
    start,
    end: start + entry.compressedSize - 1,
    highWaterMark: READ_CHUNK,
  });
  const source =
    entry.method === METHOD_DEFLATE
      ? pipeline(raw, zlib.createInflateRaw({ chunkSize: READ_CHUNK }), () => undefined)
      : raw;
  let crc = 0;
  let size = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      size += chunk.length;
      // A deflate stream that inflates past the declared size is refused at once (a zip bomb).
      if (size > entry.size)
        throw new ZipFormatError(`The zip entry ${entry.name} is longer than its directory says.`, entry.name);
      crc = crc32(chunk, crc);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof ZipFormatError) throw error;
    throw new ZipFormatError(
      `The zip entry ${entry.name} is damaged (${error instanceof Error ? error.message : String(error)}).`,
      entry.name,
    );
  } finally {
    raw.destroy();
  }
  if (size !== entry.size || crc !== entry.crc)
    throw new ZipFormatError(
      `The zip entry ${entry.name} is damaged (its size or checksum does not match).`,
      entry.name,
    );
}
