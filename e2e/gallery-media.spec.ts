import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";
import { submitTask } from "./support/tasks";
import { playMuted } from "./support/video";

// The gallery's media as a viewer's network sees it: finished cards show their poster (a JPEG
// of the first frame) instead of a black box, no video byte is fetched until a card is hovered
// or played, a card's video only gets its source once it is near the viewport, and hovering
// plays a muted preview that leaving stops and rewinds.

type ApiTask = { id: string; state: string; videos: { id: string; url: string; posterUrl: string | null }[] };

/** Generates through the API and waits until the video is archived and has its poster. */
async function finishedWithPoster(request: APIRequestContext, prompt: string): Promise<ApiTask> {
  return withPoster(request, await generate(request, prompt));
}

function generate(request: APIRequestContext, prompt: string): Promise<ApiTask> {
  return submitTask<ApiTask>(request, prompt);
}

async function withPoster(request: APIRequestContext, task: ApiTask): Promise<ApiTask> {
  let done: ApiTask | undefined;
  await expect
    .poll(
      async () => {
        done = ((await (await request.get(`/api/tasks/${task.id}`)).json()) as { task: ApiTask }).task;
        return done.videos[0]?.posterUrl ?? null;
      },
      { timeout: 60_000, intervals: [250] },
    )
    .not.toBeNull();
  return done!;
}

/** Requests for a video's bytes (`/api/media/<id>`, not its poster), as the page makes them. */
function videoRequests(page: Page): Map<string, number> {
  const seen = new Map<string, number>();
  page.on("request", (req) => {
    const match = /^\/api\/media\/([^/]+)$/.exec(new URL(req.url()).pathname);
    if (match) seen.set(match[1]!, (seen.get(match[1]!) ?? 0) + 1);
  });
  return seen;
}

/** Opens the studio with the pointer parked in a corner (so nothing is hovered by accident) and finds a finished card. */
async function openCard(page: Page, prompt: string): Promise<{ card: Locator; player: Locator }> {
  const studio = new StudioPage(page);
  await studio.open();
  await page.mouse.move(1, 1);
  const card = studio.cardFor(prompt);
  await expect(card).toHaveAttribute("data-state", "succeeded");
  return { card, player: card.locator("video") };
}

const state = (video: Locator) =>
  video.evaluate((v: HTMLVideoElement) => ({
    paused: v.paused,
    muted: v.muted,
    time: v.currentTime,
    src: v.getAttribute("src"),
    poster: v.getAttribute("poster"),
  }));

test("a finished card shows its poster; hovering plays a muted preview, leaving pauses and rewinds it; no video bytes before", async ({
  page,
  request,
}) => {
  const prompt = `A lantern drifting on a lake ${Date.now()}`;
  const task = await finishedWithPoster(request, prompt);
  const video = task.videos[0]!;
  expect(video.posterUrl).toBe(`/api/media/${video.id}/poster`);
  const poster = await request.get(video.posterUrl!);
  expect(poster.status()).toBe(200);
  expect(poster.headers()["content-type"]).toBe("image/jpeg");
  expect((await poster.body()).subarray(0, 2).toString("hex")).toBe("ffd8");

  const fetched = videoRequests(page);
  const posterLoads: string[] = [];
  page.on("response", (res) => {
    if (new URL(res.url()).pathname === video.posterUrl)
      posterLoads.push(`${res.status()} ${res.headers()["content-type"]}`);
  });
  const { card, player } = await openCard(page, prompt);
  await expect(player).toHaveAttribute("poster", video.posterUrl!);
  await expect(player).toHaveAttribute("preload", "none");
  await expect(card.getByTestId("video-placeholder")).toHaveCount(0);
  // The browser really loaded the poster as an image...
  await expect.poll(() => posterLoads).toContain("200 image/jpeg");
  await expect
    .poll(() => player.evaluate((v: HTMLVideoElement) => v.getBoundingClientRect().height))
    .toBeGreaterThan(100);
  // ...and, a while after, still no byte of the video itself.
  await page.waitForTimeout(1_500);
  expect(fetched.get(video.id) ?? 0).toBe(0);
  expect(await state(player)).toMatchObject({ paused: true, time: 0, src: video.url });

  await player.hover();
  await expect.poll(async () => (await state(player)).time, { timeout: 15_000 }).toBeGreaterThan(0.3);
  expect(await state(player)).toMatchObject({ paused: false, muted: true });
  expect(fetched.get(video.id) ?? 0).toBeGreaterThan(0);

  await page.mouse.move(1, 1);
  await expect.poll(async () => (await state(player)).paused).toBe(true);
  expect(await state(player)).toMatchObject({ time: 0, muted: false });
  const stopped = (await state(player)).time;
  await page.waitForTimeout(500);
  expect((await state(player)).time).toBe(stopped);

  // The keyboard reaches the same player: focus previews it, Tab away stops it.
  await player.focus();
  await expect.poll(async () => (await state(player)).paused, { timeout: 10_000 }).toBe(false);
  await page.keyboard.press("Shift+Tab");
  await expect.poll(async () => (await state(player)).paused).toBe(true);
});

test("a card far below the fold has no source until it is scrolled near; even then no video bytes until it plays", async ({
  page,
  request,
}) => {
  const stamp = Date.now();
  test.setTimeout(120_000);
  // On a narrow screen the composer comes first and the gallery below it: the older of two cards is far below the fold.
  const prompts = [0, 1].map((i) => `A row of paper cranes, number ${i} ${stamp}`);
  const created: ApiTask[] = [];
  for (const prompt of prompts) created.push(await generate(request, prompt));
  const tasks = await Promise.all(created.map((t) => withPoster(request, t)));
  const far = tasks[0]!.videos[0]!;

  const fetched = videoRequests(page);
  const viewport = { width: 700, height: 600 };
  await page.setViewportSize(viewport);
  const { card, player } = await openCard(page, prompts[0]!);
  const box = await card.boundingBox();
  expect(box!.y).toBeGreaterThan(viewport.height + 200);
  expect(await state(player)).toMatchObject({ src: null, poster: null });

  await card.scrollIntoViewIfNeeded();
  await expect(player).toHaveAttribute("src", far.url);
  await expect(player).toHaveAttribute("poster", far.posterUrl!);
  await page.waitForTimeout(1_000);
  for (const t of tasks) expect(fetched.get(t.videos[0]!.id) ?? 0, t.id).toBe(0);

  // Playing it with its own controls works as ever (here via the element, as a click on play would).
  await playMuted(player);
  await expect.poll(async () => (await state(player)).time, { timeout: 15_000 }).toBeGreaterThan(0.2);
  expect(fetched.get(far.id) ?? 0).toBeGreaterThan(0);
});

test("a finished card without a poster shows a placeholder with its state, never a black box", async ({
  page,
  request,
}) => {
  const prompt = `A kite over the dunes ${Date.now()}`;
  await finishedWithPoster(request, prompt);
  // The poster is withheld from the page (as on a server without ffmpeg): the card must still read well.
  await page.route("**/api/tasks**", async (route) => {
    const res = await route.fetch();
    await route.fulfill({
      response: res,
      body: (await res.text()).replace(/"posterUrl":"[^"]*"/g, '"posterUrl":null'),
    });
  });
  // The event stream carries tasks too; without it the page shows the list as loaded.
  await page.route("**/api/events**", (route) => route.abort());
  const { card, player } = await openCard(page, prompt);
  const placeholder = card.getByTestId("video-placeholder");
  await expect(placeholder).toBeVisible();
  await expect(placeholder).toContainText("Ready");
  await expect(placeholder).toContainText("No preview image yet");
  expect(await player.getAttribute("poster")).toBeNull();
  // What shows is the gradient behind the transparent player, not black; the controls sit above it.
  expect(await player.evaluate((v) => getComputedStyle(v).backgroundColor)).toBe("rgba(0, 0, 0, 0)");
  expect(await player.evaluate((v) => v.previousElementSibling?.getAttribute("data-testid"))).toBe("video-placeholder");
});
