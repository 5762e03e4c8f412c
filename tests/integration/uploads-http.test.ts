import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStudio, type Studio } from "../support/studio";

// The upload routes in the production build over real HTTP (emulator mode): the body streams
// in as raw bytes, an oversized one is cut off by its declared length, and the file comes back
// byte for byte, as AceData would fetch it.

const clip = fs.readFileSync(path.join(import.meta.dirname, "..", "fixtures", "clip-2s.mp4"));
let studio: Studio;

beforeAll(async () => {
  studio = await startStudio();
});
afterAll(async () => studio?.stop());

describe("/api/uploads over HTTP", () => {
  it("takes a clip as raw bytes, serves it back whole and in ranges, and refuses a body over the cap at once", async () => {
    const res = await fetch(`${studio.url}/api/uploads?purpose=character`, {
      method: "POST",
      body: clip,
      headers: { "content-type": "video/mp4" },
    });
    expect(res.status).toBe(201);
    const { upload } = (await res.json()) as { upload: { id: string; url: string; durationS: number } };
    expect(upload.durationS).toBeCloseTo(2, 1);

    const whole = await fetch(`${studio.url}${upload.url}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await whole.arrayBuffer()).equals(clip)).toBe(true);
    const part = await fetch(`${studio.url}${upload.url}`, { headers: { range: "bytes=0-7" } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(clip.subarray(0, 8))).toBe(true);

    const big = await fetch(`${studio.url}/api/uploads?purpose=reference`, {
      method: "POST",
      body: Buffer.alloc(50 * 1000 * 1000),
      headers: { "content-type": "image/png" },
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe("too_large");
    expect(fs.readdirSync(path.join(studio.dataDir, "uploads")).filter((n) => !n.startsWith("."))).toEqual([
      `${upload.id}.mp4`,
    ]);
  });
});
