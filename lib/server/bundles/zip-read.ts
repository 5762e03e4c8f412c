import "server-only";
import * as yauzl from "yauzl";
import { crc32 } from "./zip-write";

// Reads a zip from a file on disk with yauzl (the end records, ZIP64 included, the central
// directory, bounds checks, inflating), trusting nothing in it: the entry count and the
// directory's size are capped, each entry's local header must name it as the directory does,
// and an entry's bytes are streamed (STORE or DEFLATE) with their CRC-32 (which yauzl does not
// check) and size verified at the end, so a damaged or truncated zip is an error, never bytes
// taken as whole. Names are returned as written (UTF-8); deciding which names are acceptable is
// the caller's job, so yauzl's own name checks are off.

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

export type ZipDirectory = { file: string; entries: ZipFileEntry[] };

export const METHOD_STORE = 0;
export const METHOD_DEFLATE = 8;
const FLAG_ENCRYPTED = 0x0001;
/** A central directory record's fixed part. */
const CENTRAL_FIXED = 46;

/** yauzl's record of each entry, to read its bytes with. */
const records = new WeakMap<ZipFileEntry, yauzl.Entry>();

const OPTIONS: yauzl.Options = {
  autoClose: false,
  lazyEntries: true,
  // Names are decoded (and judged) by us: yauzl would refuse `../x` before the import can name it.
  decodeStrings: false,
  validateEntrySizes: true,
};

/** yauzl's words about a broken file, as ours. */
function formatError(error: unknown, entry?: string): ZipFormatError {
  if (error instanceof ZipFormatError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (entry !== undefined) return new ZipFormatError(`The zip entry ${entry} is damaged (${message}).`, entry);
  if (/end of central directory record signature not found|invalid comment length/i.test(message))
    return new ZipFormatError("This is not a zip file, or it is truncated (no end of central directory record).");
  if (/multi-disk/i.test(message)) return new ZipFormatError("Split (multi-part) zip files are not supported.");
  if (/unexpected EOF/i.test(message)) return new ZipFormatError("The zip file ends too early (is it truncated?).");
  return new ZipFormatError(`The zip file is damaged (${message}).`);
}

async function openZip(file: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(file, OPTIONS);
  } catch (error) {
    throw formatError(error);
  }
}

/** The entries of a zip file, with limits on how many and how large its directory may be. */
export async function readZipDirectory(
  file: string,
  limits: { maxEntries: number; maxDirectoryBytes: number },
): Promise<ZipDirectory> {
  const zip = await openZip(file);
  try {
    if (zip.entryCount > limits.maxEntries)
      throw new ZipFormatError(`The zip has ${zip.entryCount} entries; a bundle has at most ${limits.maxEntries}.`);
    const entries: ZipFileEntry[] = [];
    let directoryBytes = 0;
    try {
      for await (const record of zip.eachEntry()) {
        directoryBytes += CENTRAL_FIXED + record.fileNameLength + record.extraFieldLength + record.fileCommentLength;
        if (directoryBytes > limits.maxDirectoryBytes)
          throw new ZipFormatError("The zip's central directory is larger than any bundle's.");
        const entry: ZipFileEntry = {
          name: record.fileNameRaw.toString("utf8"),
          method: record.compressionMethod,
          flags: record.generalPurposeBitFlag,
          crc: record.crc32,
          compressedSize: record.compressedSize,
          size: record.uncompressedSize,
          localOffset: record.relativeOffsetOfLocalHeader,
        };
        records.set(entry, record);
        entries.push(entry);
      }
    } catch (error) {
      throw formatError(error);
    }
    return { file, entries };
  } finally {
    zip.close();
  }
}

/** yauzl's stream of an entry's (decompressed) bytes, from its local header on. */
async function openEntry(zip: yauzl.ZipFile, record: yauzl.Entry, entry: ZipFileEntry): Promise<NodeJS.ReadableStream> {
  const header = await zip.readLocalFileHeaderPromise(record);
  const localName = header.fileName.toString("utf8");
  if (localName !== entry.name)
    throw new ZipFormatError(`The zip entry ${entry.name} is named ${localName} in its local header.`, entry.name);
  const { compressedSize, uncompressedSize } = record;
  return new Promise((resolve, reject) =>
    zip.openReadStreamLowLevel(
      header.fileDataStart,
      compressedSize,
      0,
      compressedSize,
      entry.method === METHOD_DEFLATE,
      uncompressedSize,
      (error, stream) => (error ? reject(error) : resolve(stream)),
    ),
  );
}

/**
 * An entry's bytes, chunk by chunk, decompressed, with its size and CRC-32 checked as they
 * pass (the last chunk is followed by the check, so a consumer that reads to the end has
 * verified bytes). At most one chunk is held at a time.
 */
export async function* entryBytes(directory: ZipDirectory, entry: ZipFileEntry): AsyncGenerator<Buffer> {
  const record = records.get(entry);
  if (!record) throw new Error("this entry was not read from a zip by readZipDirectory");
  if (entry.flags & FLAG_ENCRYPTED) throw new ZipFormatError(`The zip entry ${entry.name} is encrypted.`, entry.name);
  if (entry.method !== METHOD_STORE && entry.method !== METHOD_DEFLATE) {
    throw new ZipFormatError(
      `The zip entry ${entry.name} uses compression method ${entry.method}; only stored and deflated entries are read.`,
      entry.name,
    );
  }
  const damaged = () =>
    new ZipFormatError(`The zip entry ${entry.name} is damaged (its size or checksum does not match).`, entry.name);
  if (entry.compressedSize === 0) {
    if (entry.size !== 0 || entry.crc !== 0) throw damaged();
    return;
  }
  // The end records again (not the whole directory): yauzl reads an entry through an open zip.
  const zip = await openZip(directory.file);
  let stream: NodeJS.ReadableStream | undefined;
  let crc = 0;
  let size = 0;
  try {
    stream = await openEntry(zip, record, entry);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      // A deflate stream that inflates past the declared size is refused at once (a zip bomb).
      if (size > entry.size)
        throw new ZipFormatError(`The zip entry ${entry.name} is longer than its directory says.`, entry.name);
      crc = crc32(chunk, crc);
      yield chunk;
    }
  } catch (error) {
    throw formatError(error, entry.name);
  } finally {
    (stream as { destroy?: () => void } | undefined)?.destroy?.();
    zip.close();
  }
  if (size !== entry.size || crc !== entry.crc) throw damaged();
}
