import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeInputs, renderFilm, type FilmInput } from "@/lib/server/storyboard/film-render";
import { ffmpeg } from "../support/ffmpeg";
import { probeStreams } from "../support/ffprobe";

// The film renderer on real files: joined takes come out as one playable H.264 MP4 whose length is
// the sum of the played spans (less the crossfades), in the board's frame, with takes of another
// shape letterboxed, not stretched, and every frame decodable.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-film-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A clip of one colour, of a given frame size and length, optionally with a tone. */
function clip(name: string, colour: string, size: string, seconds: number, audio = false): string {
  const file = path.join(dir, `${name}.mp4`);
  ffmpeg([
    ...["-f", "lavfi", "-i", `color=c=${colour}:s=${size}:r=24:d=${seconds}`],
    ...(audio ? ["-f", "lavfi", "-i", `sine=frequency=440:duration=${seconds}`, "-c:a", "aac"] : []),
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-shortest", file],
  ]);
  return file;
}

/** Decodes every frame (a damaged file fails) and counts them. */
function decodeAll(file: string): number {
  const out = execFileSync("ffprobe", [
    "-v",
    "error",
    "-count_frames",
    "-select_streams",
    "v:0",
    "-show_entries",
    "stream=nb_read_frames",
    "-of",
    "csv=p=0",
    file,
  ]).toString();
  return Number(out.trim());
}

async function pixel(file: string, atS: number, x: number, y: number): Promise<[number, number, number]> {
  const png = ffmpeg(["-ss", String(atS), "-i", file, "-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "pipe:1"]);
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at] as number, data[at + 1] as number, data[at + 2] as number];
}

describe("film rendering", () => {
  let red: string, green: string, blue: string, tall: string;
  beforeAll(() => {
    red = clip("red", "red", "320x180", 3);
    green = clip("green", "green", "320x180", 3);
    blue = clip("blue", "blue", "320x180", 3);
    tall = clip("tall", "yellow", "180x320", 2, true);
  });
  const spec = { width: 320, height: 180, crossfade: 0 };
  const render = async (inputs: FilmInput[], s = spec) => {
    const out = path.join(dir, `film-${Math.random().toString(36).slice(2)}.mp4`);
    const fractions: number[] = [];
    const result = await renderFilm(await probeInputs(inputs), s, out, { onProgress: (f) => fractions.push(f) });
    return { out, result, fractions };
  };

  it("joins same-shaped, untrimmed takes without re-encoding: one video stream, duration the sum", async () => {
    const { out, result, fractions } = await render([red, green, blue].map((file) => ({ file, start: 0, end: 3 })));
    expect(result.mode).toBe("copy");
    const p = probeStreams(out);
    expect(p.video).toHaveLength(1);
    expect(p.duration).toBeCloseTo(9, 0);
    expect(decodeAll(out)).toBe(9 * 24);
    expect(fractions.at(-1)).toBe(1);
  });

  it("cuts trimmed takes exactly and re-encodes: duration the sum of the played spans, the right shot at each time", async () => {
    const { out, result } = await render([
      { file: red, start: 1, end: 2.5 },
      { file: green, start: 0, end: 3 },
      { file: blue, start: 0.5, end: 1.5 },
    ]);
    expect(result.mode).toBe("encode");
    expect(result.lengthS).toBeCloseTo(5.5, 5);
    const p = probeStreams(out);
    expect(p.video).toHaveLength(1);
    expect(p.video[0]).toMatchObject({ codec_name: "h264", width: 320, height: 180 });
    expect(Math.abs(p.duration - 5.5)).toBeLessThan(0.1);
    expect(decodeAll(out)).toBe(Math.round(5.5 * 24));
    const [r] = await pixel(out, 1.0, 160, 90);
    expect(r).toBeGreaterThan(200); // still red at 1.0 s (1.5 s of red)
    const [, g] = await pixel(out, 3.0, 160, 90);
    expect(g).toBeGreaterThan(100); // green from 1.5 s to 4.5 s
    const [, , b] = await pixel(out, 5.2, 160, 90);
    expect(b).toBeGreaterThan(200);
  });

  it("letterboxes a take of another shape into the film's frame, and gives silent takes silence when another has sound", async () => {
    const { out } = await render([
      { file: red, start: 0, end: 2 },
      { file: tall, start: 0, end: 2 },
    ]);
    const p = probeStreams(out);
    expect(p.video[0]).toMatchObject({ width: 320, height: 180 });
    expect(p.audio).toHaveLength(1);
    expect(Math.abs(p.duration - 4)).toBeLessThan(0.15);
    // The portrait take sits in the middle with black bars left and right, not stretched.
    const middle = await pixel(out, 3, 160, 90);
    const edge = await pixel(out, 3, 10, 90);
    expect(middle[0]).toBeGreaterThan(200);
    expect(middle[1]).toBeGreaterThan(200);
    expect(Math.max(...edge)).toBeLessThan(30);
  });

  it("crossfades: the film is shorter by one fade per cut, and blends at the cut", async () => {
    const { out, result } = await render(
      [red, green, blue].map((file) => ({ file, start: 0, end: 3 })),
      { ...spec, crossfade: 1 },
    );
    expect(result.mode).toBe("encode");
    expect(result.lengthS).toBeCloseTo(7, 5);
    expect(Math.abs(probeStreams(out).duration - 7)).toBeLessThan(0.1);
    // Halfway through the first fade (2.5 s) both red and green show.
    const [r, g] = await pixel(out, 2.5, 160, 90);
    expect(r).toBeGreaterThan(40);
    expect(g).toBeGreaterThan(30);
  });

  it("stops at once when cancelled, and says so", async () => {
    const controller = new AbortController();
    const inputs = await probeInputs([red, green, blue].map((file) => ({ file, start: 0.1, end: 3 })));
    const out = path.join(dir, "cancelled.mp4");
    const running = renderFilm(inputs, { ...spec, crossfade: 0.5 }, out, { signal: controller.signal });
    controller.abort();
    await expect(running).rejects.toMatchObject({ aborted: true });
  });
});
