import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { centreCrop, fitWithin } from "@/components/composer/images/prepare";
import { sniffImage } from "@/components/composer/images/sniff";
import { inlinePlaceholder, placeUploads, upstreamBody } from "@/lib/schemas/request-preview";

// The browser's checks of a reference image before it is uploaded, on real encoded files.

const image = (format: "png" | "jpeg" | "webp" | "gif", width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: "#7c3aed" } })
    .toFormat(format)
    .toBuffer();

describe("sniffImage", () => {
  it.each(["png", "jpeg", "webp", "gif"] as const)("reads the type and size of a %s from its bytes", async (format) => {
    const bytes = await image(format, 321, 123);
    expect(sniffImage(new Uint8Array(bytes))).toEqual({ type: `image/${format}`, width: 321, height: 123 });
  });

  it("reads a JPEG's size after an EXIF block", async () => {
    const bytes = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#000" } })
      .withExif({ IFD0: { Copyright: "x".repeat(2000) } })
      .jpeg()
      .toBuffer();
    expect(sniffImage(new Uint8Array(bytes))).toEqual({ type: "image/jpeg", width: 640, height: 480 });
  });

  it("reads a WebP with alpha (VP8L / VP8X)", async () => {
    const bytes = await sharp({
      create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } },
    })
      .webp({ lossless: true })
      .toBuffer();
    expect(sniffImage(new Uint8Array(bytes))).toMatchObject({ type: "image/webp", width: 300, height: 200 });
  });

  it("tells a 20000 px PNG's size without decoding it", async () => {
    const bytes = await image("png", 20000, 100);
    expect(sniffImage(new Uint8Array(bytes.subarray(0, 64)))).toEqual({ type: "image/png", width: 20000, height: 100 });
  });

  it("refuses text renamed to .png, an empty file, and cut-off headers", () => {
    expect(sniffImage(new TextEncoder().encode("this is not an image at all, just text"))).toBeNull();
    expect(sniffImage(new Uint8Array())).toBeNull();
    expect(sniffImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(sniffImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00]))).toBeNull();
  });
});

describe("centreCrop / fitWithin", () => {
  it("crops a wide image to a square around its centre", () => {
    expect(centreCrop(1000, 500, { width: 1, height: 1 })).toEqual({ x: 250, y: 0, width: 500, height: 500 });
  });

  it("crops a tall image to 16:9 around its centre", () => {
    expect(centreCrop(1280, 1280, { width: 1280, height: 720 })).toEqual({ x: 0, y: 280, width: 1280, height: 720 });
  });

  it("shrinks to the longest edge keeping the ratio, and never enlarges", () => {
    expect(fitWithin(4000, 3000, 2048)).toEqual({ width: 2048, height: 1536 });
    expect(fitWithin(3000, 4000, 2048)).toEqual({ width: 1536, height: 2048 });
    expect(fitWithin(800, 600, 2048)).toEqual({ width: 800, height: 600 });
  });
});

describe("uploads in the upstream body", () => {
  const ref = `/api/uploads/${"ab".repeat(16)}`;
  const clip = `/api/uploads/${"cd".repeat(16)}`;
  const input = {
    prompt: "p",
    model: "sora-2",
    size: "small",
    duration: 10,
    orientation: "landscape",
    image_urls: [ref, "https://example.com/a.png"],
    character_url: clip,
    character_start: 0,
    character_end: 2,
  } as const;

  it("links uploads under the public URL when there is one", () => {
    const placed = placeUploads(
      { ...input, image_urls: [...input.image_urls] },
      { publicUrl: "https://studio.example/", origin: "http://localhost:3000" },
    );
    expect(placed.image_urls).toEqual([`https://studio.example${ref}`, "https://example.com/a.png"]);
    expect(placed.character_url).toBe(`https://studio.example${clip}`);
  });

  it("inlines images without a public URL (shortened in the preview) and points the clip at this origin", () => {
    const placed = placeUploads(
      { ...input, image_urls: [...input.image_urls] },
      { publicUrl: null, origin: "http://localhost:3000" },
    );
    expect(placed.image_urls).toEqual([inlinePlaceholder(ref), "https://example.com/a.png"]);
    expect(placed.character_url).toBe(`http://localhost:3000${clip}`);
    const inline = upstreamBody(
      { ...input, image_urls: [...input.image_urls] },
      { callbacks: false, uploads: { publicUrl: null, origin: "", inline: () => "data:image/webp;base64,AAAA" } },
    );
    expect(inline.image_urls).toEqual(["data:image/webp;base64,AAAA", "https://example.com/a.png"]);
  });
});
