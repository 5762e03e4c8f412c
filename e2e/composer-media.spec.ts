import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import sharp from "sharp";
import { CharacterClipPanel, ReferenceImagesPanel } from "./pages/composer-media-page";
import { StudioPage } from "./pages/studio-page";

// Reference images (picker, paste, drop, URL; shrink, reorder, remove) and the character clip
// builder (preview, two-handle range, typed values, loop), with every bad input the issue
// names refused at its field, nothing sent and the rest of the form kept.

const png = async (width: number, height: number, colour = "#7c3aed") =>
  sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();
/** A photo-like JPEG: noise does not compress, so it is megabytes, as a camera's is. */
const photo = async (width: number, height: number) =>
  sharp(Buffer.from(Array.from({ length: width * height * 3 }, () => Math.floor(Math.random() * 256))), {
    raw: { width, height, channels: 3 },
  })
    .jpeg({ quality: 95 })
    .toBuffer();
const clipFile = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "..", name));
const TEN_SECOND_CLIP = "lib/emulator/assets/landscape-small-10s.mp4";

async function taskCount(request: APIRequestContext): Promise<number> {
  const res = await request.get("/api/tasks?limit=100");
  return ((await res.json()) as { items: unknown[] }).items.length;
}

/** Serves `body` at an https URL the page can load (this machine has no internet), with Range as a CDN would. */
async function serve(page: Page, url: string, body: Buffer, contentType: string) {
  await page.route(url, async (route) => {
    const range = /bytes=(\d+)-(\d*)/.exec((await route.request().allHeaders()).range ?? "");
    const headers = { "access-control-allow-origin": "*", "accept-ranges": "bytes" };
    if (!range) return route.fulfill({ status: 200, body, contentType, headers });
    const start = Number(range[1]);
    const end = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
    await route.fulfill({
      status: 206,
      body: body.subarray(start, end + 1),
      contentType,
      headers: { ...headers, "content-range": `bytes ${start}-${end}/${body.length}` },
    });
  });
}

/** Opens the studio, and gives it with the composer's reference image and character clip panels. */
async function openComposer(page: Page) {
  const studio = new StudioPage(page);
  await studio.open();
  return { studio, images: new ReferenceImagesPanel(page), clip: new CharacterClipPanel(page) };
}

test.describe("reference images", () => {
  test("upload by picker shrinks a large photo, then reorder, remove and submit", async ({ page, request }) => {
    const { studio, images } = await openComposer(page);
    await images.upload(
      { name: "big-photo.jpg", mimeType: "image/jpeg", buffer: await photo(3000, 2000) },
      { name: "small.png", mimeType: "image/png", buffer: await png(200, 100) },
    );
    await expect(images.thumbnails).toHaveCount(2);
    expect(await images.order()).toEqual(["big-photo.jpg", "small.png"]);
    // The photo was shrunk before upload (before → after); the small PNG was kept as it was.
    await expect(images.thumbnails.nth(0).getByTestId("reference-image-size")).toContainText("→");
    await expect(images.thumbnails.nth(1).getByTestId("reference-image-size")).not.toContainText("→");

    // Reorder by dragging a thumbnail (mouse), then back with the buttons (keyboard-friendly).
    await images.thumbnails.nth(1).dragTo(images.thumbnails.nth(0));
    await expect.poll(() => images.order()).toEqual(["small.png", "big-photo.jpg"]);
    await page.getByRole("button", { name: "Move image 2 earlier" }).click();
    expect(await images.order()).toEqual(["big-photo.jpg", "small.png"]);
    await page.getByRole("button", { name: "Move image 1 later" }).click();
    expect(await images.order()).toEqual(["small.png", "big-photo.jpg"]);
    await page.getByRole("button", { name: "Remove image 2" }).click();
    expect(await images.order()).toEqual(["small.png"]);

    // The preview shows what AceData receives: a link under the studio's public URL.
    await page.getByText("Request preview").click();
    await expect(page.getByTestId("request-json")).toContainText(
      /"image_urls": \[\s*"http:\/\/127\.0\.0\.1:\d+\/api\/uploads\/[0-9a-f]{32}"/,
    );

    const prompt = `A lantern festival from the reference ${Date.now()}`;
    await studio.prompt.fill(prompt);
    await studio.generate.click();
    await expect(page.getByTestId("composer-notice")).toContainText("Accepted");
    const list = (await (await request.get("/api/tasks?limit=100")).json()) as {
      items: { request: { prompt: string; image_urls?: string[] } }[];
    };
    const stored = list.items.find((t) => t.request.prompt === prompt);
    expect(stored?.request.image_urls).toEqual([expect.stringMatching(/^\/api\/uploads\/[0-9a-f]{32}$/)]);
    // The studio serves the upload it will send (AceData fetches it from there).
    const served = await request.get(stored?.request.image_urls?.[0] as string);
    expect(served.status()).toBe(200);
    expect(served.headers()["content-type"]).toBe("image/png");
  });

  test("Generate waits for an image still uploading instead of leaving it out", async ({ page, request }) => {
    const { studio, images } = await openComposer(page);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/uploads?purpose=reference", async (route) => {
      await held;
      await route.continue();
    });
    await studio.prompt.fill(`Waits for its reference ${Date.now()}`);
    await images.upload({ name: "slow.png", mimeType: "image/png", buffer: await png(100, 100) });
    await expect(page.getByText("Uploading…")).toBeVisible();
    const before = await taskCount(request);
    await studio.generate.click();
    await expect(page.getByTestId("composer-notice")).toHaveText("Wait until the images finish uploading.");
    expect(await taskCount(request)).toBe(before);
    release();
    await expect(images.thumbnails).toHaveCount(1);
    await studio.generate.click();
    await expect(page.getByTestId("composer-notice")).toContainText("Accepted");
    expect(await taskCount(request)).toBe(before + 1);
  });

  test("paste and drag-and-drop add images; a crop fits them to the frame", async ({ page }) => {
    const { images } = await openComposer(page);
    await images.dispatchFiles("paste", [
      { name: "pasted.png", mimeType: "image/png", base64: (await png(120, 80, "#ef4444")).toString("base64") },
    ]);
    await expect(images.thumbnails).toHaveCount(1);
    await page.getByLabel(/Crop new images to the video's frame/).check();
    await images.dispatchFiles("drop", [
      { name: "dropped.png", mimeType: "image/png", base64: (await png(400, 400, "#22c55e")).toString("base64") },
    ]);
    await expect(images.thumbnails).toHaveCount(2);
    expect(await images.order()).toEqual(["pasted.png", "dropped.png"]);
    // Cropped to the landscape frame (16:9) before upload.
    const src = await images.thumbnails.nth(1).locator("img").getAttribute("src");
    // Decoded as an image, as the thumbnail shows it: the page's CSP lets no script fetch a blob: URL
    // (connect-src 'self'), and the studio itself never does.
    const size = await page.evaluate(async (url) => {
      const img = new Image();
      img.src = url as string;
      await img.decode();
      return { width: img.naturalWidth, height: img.naturalHeight };
    }, src);
    expect(size.width / size.height).toBeCloseTo(1280 / 720, 1);
  });

  test("an image by URL is checked in the browser before it joins the list", async ({ page }) => {
    const { images } = await openComposer(page);
    await serve(page, "https://images.example/cat.png", await png(64, 64), "image/png");
    await images.urlInput.fill("https://images.example/cat.png");
    await images.addUrl.click();
    await expect(images.thumbnails).toHaveCount(1);

    await page.route("https://unreachable.example/**", (route) => route.abort("connectionrefused"));
    await images.urlInput.fill("https://unreachable.example/missing.png");
    await images.addUrl.click();
    await expect(page.getByText("No image could be loaded from this address")).toBeVisible();
    await expect(images.thumbnails).toHaveCount(1);
    await images.urlInput.fill("http://images.example/cat.png");
    await images.addUrl.click();
    await expect(page.getByText("Enter an https:// address of an image.")).toBeVisible();
  });

  test("bad files are refused at the field, nothing is sent and the form is kept", async ({
    page,
    request,
  }, testInfo) => {
    const { studio, images } = await openComposer(page);
    await studio.prompt.fill("A prompt that must survive bad files");
    await studio.choose("Orientation", "Portrait");
    const before = await taskCount(request);
    const valid = await png(300, 300);
    // As files on disk, named as a user's would be (a path is handed to the browser as is).
    const files = {
      "notes.png": Buffer.from("these are my notes, not a picture\n".repeat(20)),
      "huge.png": Buffer.concat([valid, Buffer.alloc(50_000_000 - valid.length)]),
      "panorama.png": await png(20000, 100),
      "corrupt.png": valid.subarray(0, Math.floor(valid.length / 2)),
    };
    const paths = Object.entries(files).map(([name, bytes]) => {
      const file = testInfo.outputPath(name);
      fs.writeFileSync(file, bytes);
      return file;
    });
    await images.upload(...paths);
    await expect(images.problems).toContainText("notes.png is not a PNG, JPEG, WebP or GIF image.");
    await expect(images.problems).toContainText("huge.png: 50 MB is too large to use");
    await expect(images.problems).toContainText("panorama.png is 20000×100 px; images up to 10000 px");
    await expect(images.problems).toContainText("corrupt.png could not be read as an image");
    await expect(images.thumbnails).toHaveCount(0);
    expect(await taskCount(request)).toBe(before);
    await expect(studio.prompt).toHaveValue("A prompt that must survive bad files");
    await expect(studio.option("Orientation", "Portrait")).toBeChecked();
  });
});

test.describe("character clip builder", () => {
  test("a clip by URL plays in the preview; handles and fields stay in sync; invalid spans are named live", async ({
    page,
    request,
  }) => {
    const { studio, clip } = await openComposer(page);
    await serve(page, "https://clips.example/robot.mp4", clipFile(TEN_SECOND_CLIP), "video/mp4");
    await clip.open();
    await clip.url.fill("https://clips.example/robot.mp4");
    await clip.loaded();
    // A new clip gets the longest allowed span from its start.
    await expect(clip.start).toHaveValue("0.0");
    await expect(clip.end).toHaveValue("3.0");
    await expect(clip.span).toHaveText("Using 0.0–3.0 s (3.0 s of 10.0 s)");

    // Keyboard on a handle: one step past 3 s is refused live, with the reason.
    await clip.endHandle.focus();
    await page.keyboard.press("ArrowRight");
    await expect(clip.end).toHaveValue("3.1");
    await expect(clip.error("character_end")).toContainText("The character span must be 1–3 s (it is 3.1 s)");
    // Dragging the start handle to 2 s fixes it; the typed field follows.
    await clip.drag(clip.startHandle, 2, 10);
    await expect(clip.start).toHaveValue(/^(1\.9|2\.0|2\.1)$/);
    await expect(clip.error("character_end")).toHaveCount(0);

    // Typed values move the handles; start ≥ end and a short span are named.
    await clip.start.fill("6");
    await clip.end.fill("5");
    await expect(clip.error("character_end")).toContainText("The character end must come after its start");
    await clip.end.fill("6.5");
    await expect(clip.error("character_end")).toContainText("(it is 0.5 s)");
    await clip.end.fill("8");
    await expect(clip.error("character_end")).toHaveCount(0);
    await expect(clip.startHandle).toHaveValue("6");
    await expect(clip.endHandle).toHaveValue("8");
    await clip.start.fill("8");
    await clip.end.fill("10.5");
    await expect(clip.error("character_end")).toContainText("The clip is 10.0 s long; the end must be at most 10.0 s.");
    await clip.start.fill("6");
    await clip.end.fill("8");

    // The loop plays only the chosen span.
    await page.getByRole("button", { name: "Play" }).click();
    const seen: number[] = [];
    for (let i = 0; i < 14; i++) {
      await page.waitForTimeout(250);
      seen.push(await clip.preview.evaluate((v) => (v as HTMLVideoElement).currentTime));
    }
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(5.9);
    expect(Math.max(...seen)).toBeLessThanOrEqual(8.3);
    expect(new Set(seen.map((s) => s.toFixed(1))).size).toBeGreaterThan(3); // it really plays
    await page.getByRole("button", { name: "Pause" }).click();

    // An address that serves no video is named at the field, before anything is sent.
    await page.route("https://unreachable.example/**", (route) => route.abort("connectionrefused"));
    await clip.url.fill("https://unreachable.example/clip.mp4");
    await expect(clip.error("character_url")).toContainText("No video could be loaded from this address");
    await clip.url.fill("https://clips.example/robot.mp4");
    await clip.loaded();

    // And it is sent as built.
    const before = await taskCount(request);
    await studio.prompt.fill(`A robot waving ${Date.now()}`);
    await studio.generate.click();
    await expect(page.getByTestId("composer-notice")).toContainText("Accepted");
    expect(await taskCount(request)).toBe(before + 1);
  });

  test("uploads: a non-video and a clip under 1 s are refused at the field; a good clip is hosted and limits the span", async ({
    page,
    request,
  }) => {
    const { studio, clip } = await openComposer(page);
    await clip.open();
    await studio.prompt.fill("A clip-upload prompt that stays");
    await clip.file.setInputFiles({ name: "character.mp4", mimeType: "video/mp4", buffer: await png(64, 64) });
    await expect(clip.error("character_url")).toContainText("character.mp4 is not an MP4 or MOV video");
    await clip.file.setInputFiles({
      name: "blink.mp4",
      mimeType: "video/mp4",
      buffer: clipFile("tests/fixtures/clip-0.5s.mp4"),
    });
    await expect(clip.error("character_url")).toContainText(
      "The clip is 0.5 s long; a character clip must be at least 1 s.",
    );

    await clip.file.setInputFiles({
      name: "wave.mp4",
      mimeType: "video/mp4",
      buffer: clipFile("tests/fixtures/clip-2s.mp4"),
    });
    await expect(page.getByTestId("character-upload")).toContainText("wave.mp4");
    await clip.loaded();
    await expect(clip.end).toHaveValue("2.0");
    await clip.end.fill("2.5");
    await expect(clip.error("character_end")).toContainText("The clip is 2.0 s long");
    const before = await taskCount(request);
    await studio.generate.click();
    expect(await taskCount(request)).toBe(before);
    await clip.end.fill("2");
    await studio.generate.click();
    await expect(page.getByTestId("composer-notice")).toContainText("Accepted");
    await expect(studio.prompt).toHaveValue("A clip-upload prompt that stays");
  });
});
