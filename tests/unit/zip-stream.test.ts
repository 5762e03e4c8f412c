import { execFileSync, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { crc32, crc32Js, isSafeEntryName, zipStream, type ZipEntry } from "@/lib/server/bundles/zip-write";
import { entryBytes, readZipDirectory, ZipFormatError } from "@/lib/server/bundles/zip-read";

// The zip writer checked by readers that are not ours: Python's zipfile (CRC of every entry,
// names, flags, sizes) and Info-ZIP's `unzip -t` when installed; then our own reader against
// the writer and against a deflated zip Python wrote, plus damaged and truncated files.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zip-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const hasUnzip = spawnSync("unzip", ["-v"]).status === 0;

/** A stream of `data` in chunks of `chunk` bytes, pulled one at a time; counts its pulls. */
function chunked(data: Buffer, chunk = 64 * 1024) {
  const state = { pulls: 0, cancelled: false };
  let at = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        state.pulls++;
        if (at >= data.length) return controller.close();
        controller.enqueue(new Uint8Array(data.subarray(at, at + chunk)));
        at += chunk;
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

async function writeZip(entries: ZipEntry[], name: string, options = {}): Promise<string> {
  const file = path.join(dir, name);
  const bytes = Buffer.from(await new Response(zipStream(entries, options)).arrayBuffer());
  fs.writeFileSync(file, bytes);
  return file;
}

const PY_READ = `
import hashlib, json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    print(json.dumps({"bad": z.testzip(), "entries": [
        {"name": i.filename, "size": i.file_size, "method": i.compress_type, "flags": i.flag_bits, "crc": i.CRC,
         "sha256": hashlib.sha256(z.read(i.filename)).hexdigest()} for i in z.infolist()]}))
`;
const pythonRead = (file: string) => JSON.parse(execFileSync("python3", ["-c", PY_READ, file], { encoding: "utf8" }));

describe("crc32", () => {
  it("gives the standard check value and continues across chunks, natively and in JS", () => {
    const data = Buffer.from("123456789");
    expect(crc32(data)).toBe(0xcbf43926);
    expect(crc32Js(data)).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
    const big = randomBytes(100_003);
    const whole = crc32Js(big);
    expect(crc32(big)).toBe(whole);
    expect(crc32(big.subarray(40_000), crc32(big.subarray(0, 40_000)))).toBe(whole);
    expect(crc32Js(big.subarray(40_000), crc32Js(big.subarray(0, 40_000)))).toBe(whole);
  });
});

describe("zip writer", () => {
  const video = randomBytes(700_001);
  const manifest = Buffer.from(JSON.stringify({ hello: "鲸鱼" }));
  const entries = (): ZipEntry[] => [
    { name: "manifest.json", size: manifest.length, open: () => chunked(manifest).stream },
    {
      name: "videos/a-ünïcødé-鲸鱼.mp4",
      size: video.length,
      modified: new Date("2026-11-25T10:20:30Z"),
      open: () => chunked(video).stream,
    },
    { name: "empty.txt", open: () => chunked(Buffer.alloc(0)).stream },
  ];

  for (const forceZip64 of [false, true]) {
    it(`writes a zip that Python's zipfile${hasUnzip ? " and unzip -t" : ""} read back whole${forceZip64 ? " (ZIP64 records)" : ""}`, async () => {
      const file = await writeZip(entries(), `plain-${forceZip64}.zip`, { forceZip64 });
      const read = pythonRead(file);
      expect(read.bad).toBeNull();
      expect(read.entries).toEqual([
        {
          name: "manifest.json",
          size: manifest.length,
          method: 0,
          flags: 0x0808,
          crc: crc32(manifest),
          sha256: sha(manifest),
        },
        {
          name: "videos/a-ünïcødé-鲸鱼.mp4",
          size: video.length,
          method: 0,
          flags: 0x0808,
          crc: crc32(video),
          sha256: sha(video),
        },
        { name: "empty.txt", size: 0, method: 0, flags: 0x0808, crc: 0, sha256: sha(Buffer.alloc(0)) },
      ]);
      if (hasUnzip) {
        const test = spawnSync("unzip", ["-t", file], { encoding: "utf8" });
        expect(test.stdout).toContain("No errors detected");
        expect(test.status).toBe(0);
      }
    });
  }

  it("reads each source only as fast as the zip is consumed, and closes it when the consumer leaves", async () => {
    const source = chunked(randomBytes(64 * 1024 * 50));
    const reader = zipStream([{ name: "big.bin", open: () => source.stream }]).getReader();
    for (let i = 0; i < 4; i++) await reader.read(); // the local header, then three chunks
    expect(source.state.pulls).toBeLessThanOrEqual(4);
    await reader.cancel();
    expect(source.state.cancelled).toBe(true);
  });

  it("refuses unsafe or duplicate names, and a source that disagrees with its announced size", async () => {
    for (const name of ["/etc/passwd", "../x", "a/../../x", "a\\b", "C:/x", "", "a//b"])
      expect(isSafeEntryName(name), name).toBe(false);
    for (const name of ["manifest.json", "videos/x.mp4", "videos/", "名字.txt"])
      expect(isSafeEntryName(name), name).toBe(true);
    const read = (list: ZipEntry[]) => new Response(zipStream(list)).arrayBuffer();
    await expect(read([{ name: "../evil", open: () => chunked(Buffer.from("x")).stream }])).rejects.toThrow(/unsafe/);
    await expect(
      read([
        { name: "a", open: () => chunked(Buffer.from("x")).stream },
        { name: "a", open: () => chunked(Buffer.from("y")).stream },
      ]),
    ).rejects.toThrow(/duplicate/);
    await expect(read([{ name: "a", size: 5, open: () => chunked(Buffer.from("abc")).stream }])).rejects.toThrow(
      /3 bytes, 5 were announced/,
    );
    await expect(read([{ name: "a", size: 2, open: () => chunked(Buffer.from("abc")).stream }])).rejects.toThrow(
      /longer/,
    );
  });
});

describe("zip reader", () => {
  const limits = { maxEntries: 100, maxDirectoryBytes: 1 << 20 };
  const collect = async (gen: AsyncGenerator<Buffer>) => {
    const parts: Buffer[] = [];
    for await (const part of gen) parts.push(part);
    return Buffer.concat(parts);
  };

  for (const forceZip64 of [false, true]) {
    it(`reads what the writer wrote${forceZip64 ? " with ZIP64 records" : ""}`, async () => {
      const data = randomBytes(300_000);
      const file = await writeZip(
        [
          { name: "videos/v.mp4", open: () => chunked(data).stream },
          { name: "名字.json", open: () => chunked(Buffer.from("{}")).stream },
        ],
        `rt-${forceZip64}.zip`,
        { forceZip64 },
      );
      const zip = await readZipDirectory(file, limits);
      expect(zip.entries.map((e) => [e.name, e.size])).toEqual([
        ["videos/v.mp4", 300_000],
        ["名字.json", 2],
      ]);
      expect(sha(await collect(entryBytes(zip, zip.entries[0]!)))).toBe(sha(data));
    });
  }

  it("reads deflated entries Python wrote", async () => {
    const file = path.join(dir, "deflated.zip");
    const text = "the same words again and again ".repeat(5000);
    execFileSync(
      "python3",
      [
        "-c",
        "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z: z.writestr('a.txt', sys.stdin.read())",
        file,
      ],
      { input: text },
    );
    const zip = await readZipDirectory(file, limits);
    expect(zip.entries[0]).toMatchObject({ name: "a.txt", method: 8, size: text.length });
    expect((await collect(entryBytes(zip, zip.entries[0]!))).toString()).toBe(text);
  });

  it("refuses a truncated zip, a flipped byte, and something that is not a zip", async () => {
    const data = randomBytes(200_000);
    const file = await writeZip([{ name: "v.mp4", open: () => chunked(data).stream }], "good.zip");
    const bytes = fs.readFileSync(file);

    const truncated = path.join(dir, "truncated.zip");
    fs.writeFileSync(truncated, bytes.subarray(0, bytes.length - 40));
    await expect(readZipDirectory(truncated, limits)).rejects.toBeInstanceOf(ZipFormatError);
    const cut = path.join(dir, "cut.zip");
    fs.writeFileSync(cut, bytes.subarray(0, 100_000));
    await expect(readZipDirectory(cut, limits)).rejects.toThrow(/truncated/);

    const flipped = Buffer.from(bytes);
    flipped[5000] = (flipped[5000] as number) ^ 0xff;
    const damaged = path.join(dir, "damaged.zip");
    fs.writeFileSync(damaged, flipped);
    const zip = await readZipDirectory(damaged, limits);
    await expect(collect(entryBytes(zip, zip.entries[0]!))).rejects.toThrow(/damaged/);

    const text = path.join(dir, "not.zip");
    fs.writeFileSync(text, "just some text, certainly not a zip file at all");
    await expect(readZipDirectory(text, limits)).rejects.toThrow(/not a zip/);
  });
});
