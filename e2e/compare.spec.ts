import { expect, test } from "@playwright/test";
import { ComparePage } from "./pages/compare-page";
import { makeTask, untilSucceeded } from "./support/tasks";
import { StudioPage } from "./pages/studio-page";

// Compare: pick videos in the gallery, play them side by side in step under one set of
// controls, see which request fields differ, rate them, and see the rating back in the gallery.

const FRAME = 1 / 30;
const spread = (times: number[]) => Math.max(...times) - Math.min(...times);

test("pick three in the gallery, play them in sync, seek, speed, frame-step, loop, rate", async ({ page, request }) => {
  test.setTimeout(180_000);
  const word = `zc${Date.now().toString(36)}`;
  // Three that differ (model and duration; orientation), and two more to try the cap of four.
  const a = await makeTask(request, `Compare alpha ${word}`);
  const b = await makeTask(request, `Compare bravo ${word}`, { model: "sora-2-pro", duration: 15 });
  const c = await makeTask(request, `Compare charlie ${word}`, { orientation: "portrait" });
  const d = await makeTask(request, `Compare delta ${word}`);
  const e = await makeTask(request, `Compare echo ${word}`);
  await untilSucceeded(request, [a, b, c, d, e]);

  const studio = new StudioPage(page);
  // Tall enough that the virtualized gallery has all five cards in the page at once.
  await page.setViewportSize({ width: 1280, height: 1600 });
  await page.goto(`/?q=${word}`);
  await expect(studio.cards.and(page.locator('[data-state="succeeded"]'))).toHaveCount(5);
  const pick = (name: string) => studio.cardFor(`Compare ${name} ${word}`).getByRole("checkbox", { name: /^Compare:/ });

  // Keyboard only: focus each checkbox and press Space.
  for (const name of ["alpha", "bravo", "charlie", "delta"]) {
    await pick(name).focus();
    await page.keyboard.press("Space");
    await expect(pick(name)).toBeChecked();
    if (name === "alpha") {
      // One is not a comparison: Compare is disabled, with the reason.
      const one = page.getByTestId("compare-bar");
      await expect(one).toContainText("1 selected");
      await expect(one.getByRole("link", { name: "Compare" })).toHaveAttribute("aria-disabled", "true");
      await expect(one.getByRole("link", { name: "Compare" })).toHaveAccessibleDescription(
        "Pick at least 2 videos to compare.",
      );
    }
  }
  const bar = page.getByTestId("compare-bar");
  await expect(bar).toContainText("4 selected");
  // A fifth is refused, visibly.
  await pick("echo").focus();
  await page.keyboard.press("Space");
  await expect(pick("echo")).not.toBeChecked();
  await expect(bar.getByRole("alert")).toHaveText("You can compare at most 4 videos. Untick one first.");
  await pick("delta").focus();
  await page.keyboard.press("Space");
  await expect(bar).toContainText("3 selected");
  await expect(bar.getByRole("alert")).toHaveText("");

  await bar.getByRole("link", { name: "Compare" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/compare\\?ids=${a},${b},${c}$`));

  const compare = new ComparePage(page);
  await compare.ready(3);
  // The request fields that differ are marked, in words.
  await expect(compare.fieldRow("model")).toHaveAttribute("data-differs", "true");
  await expect(compare.fieldRow("model")).toContainText("≠ differs");
  await expect(compare.fieldRow("duration")).toHaveAttribute("data-differs", "true");
  await expect(compare.fieldRow("orientation")).toHaveAttribute("data-differs", "true");
  await expect(compare.fieldRow("prompt")).toHaveAttribute("data-differs", "true");
  await expect(compare.fieldRow("size")).toHaveAttribute("data-differs", "false");
  await expect(compare.fieldRow("size")).toContainText("same");

  // Muted by default; Sound plays the first video only.
  const muted = () => compare.videos.evaluateAll((videos) => videos.map((v) => (v as HTMLVideoElement).muted));
  expect(await muted()).toEqual([true, true, true]);
  await compare.controls.getByLabel("Sound (video A only)").check();
  expect(await muted()).toEqual([false, true, true]);
  await compare.controls.getByLabel("Sound (video A only)").uncheck();
  expect(await muted()).toEqual([true, true, true]);

  // Play (Space, with the focus on the page): all start together and stay together.
  await page.locator("body").click({ position: { x: 1, y: 1 } });
  await page.keyboard.press("Space");
  await expect(compare.playPause).toHaveText("Pause");
  await page.waitForTimeout(1500);
  const playing = await compare.times();
  expect(Math.min(...playing)).toBeGreaterThan(0.5);
  expect(spread(playing), `times ${playing}`).toBeLessThan(0.1);

  // Pause, then seek to 2.0 s: all of them there.
  await page.keyboard.press("Space");
  await expect(compare.playPause).toHaveText("Play");
  await compare.scrubber.fill("2");
  await expect.poll(async () => (await compare.times()).every((t) => Math.abs(t - 2) < 0.1)).toBe(true);
  await expect(compare.scrubber).toHaveAttribute("aria-valuetext", "2.00 s of 15.00 s");

  // Speed 2 for all.
  await compare.speed(2).click();
  await expect(compare.speed(2)).toHaveAttribute("aria-pressed", "true");
  expect(await compare.rates()).toEqual([2, 2, 2]);

  // One frame forward, then back (→ and ← keys): every video moves by one frame.
  const before = await compare.times();
  await page.keyboard.press("ArrowRight");
  await expect
    .poll(async () => (await compare.times()).map((t, i) => Math.abs(t - (before[i] as number) - FRAME) < 0.01))
    .toEqual([true, true, true]);
  await compare.controls.getByRole("button", { name: "One frame back" }).click();
  await expect
    .poll(async () => (await compare.times()).map((t, i) => Math.abs(t - (before[i] as number)) < 0.01))
    .toEqual([true, true, true]);

  // Loop: from near the end (15 s, the longest) it comes round to the start and keeps playing.
  await compare.loop.check();
  await compare.scrubber.fill("14.5");
  await expect.poll(async () => (await compare.times())[1]).toBeCloseTo(14.5, 1);
  // The 10 s videos hold their last frame meanwhile.
  expect((await compare.times()).map((t) => Math.round(t * 10) / 10)).toEqual([10, 14.5, 10]);
  await compare.playPause.click();
  await expect(compare.playPause).toHaveText("Pause");
  await expect.poll(async () => Math.max(...(await compare.times())), { timeout: 10_000 }).toBeLessThan(3);
  await page.waitForTimeout(500);
  expect(await compare.paused()).toEqual([false, false, false]);
  const looped = await compare.times();
  expect(spread(looped), `times ${looped}`).toBeLessThan(0.1);
  await compare.playPause.click();
  await expect(compare.playPause).toHaveText("Play");

  // Rate A with the keyboard (Space on the first star, then the arrows) to 4 of 5, and pick C as the winner.
  await compare.rating("A").getByRole("radio", { name: "1 of 5" }).focus();
  await page.keyboard.press("Space");
  await expect(compare.rating("A").getByRole("radio", { name: "1 of 5" })).toBeChecked();
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
  await expect(compare.rating("A").getByRole("radio", { name: "4 of 5" })).toBeChecked();
  await compare.slot("C").getByRole("button", { name: "Pick as winner" }).click();
  await expect(compare.slot("C")).toContainText("Winner: 5 stars and a favourite");
  await expect(compare.rating("C").getByRole("radio", { name: "5 of 5" })).toBeChecked();
  await expect
    .poll(
      async () =>
        ((await (await request.get(`/api/tasks/${a}`)).json()) as { task: { rating: number | null } }).task.rating,
    )
    .toBe(4);

  // Back in the gallery, the cards show the ratings.
  await page.goBack();
  await expect(studio.cardFor(`Compare alpha ${word}`).getByRole("img", { name: "Rated 4 of 5" })).toBeVisible();
  await expect(studio.cardFor(`Compare charlie ${word}`).getByRole("img", { name: "Rated 5 of 5" })).toBeVisible();
  // The pick is kept for the session.
  await expect(page.getByTestId("compare-bar")).toContainText("3 selected");

  // A deleted task's slot says so; the others still play.
  expect((await request.delete(`/api/tasks/${d}`)).status()).toBe(200);
  await compare.open([d, a, b]);
  await expect(compare.slot("A")).toContainText("This video was deleted.");
  await compare.ready(2);
  // The sound comes from the first video that plays, and says which.
  await expect(compare.controls.getByLabel("Sound (video B only)")).not.toBeChecked();
  await compare.playPause.click();
  await expect(compare.playPause).toHaveText("Pause");
  await page.waitForTimeout(800);
  expect(Math.min(...(await compare.times()))).toBeGreaterThan(0.2);

  // Only one left that plays: compare needs two, and the way back is there.
  await compare.open([a, d]);
  await expect(compare.notice).toContainText("Compare needs 2 videos that can play; only 1 of these can.");
  await expect(compare.notice.getByRole("link", { name: "Back to the gallery" })).toHaveAttribute("href", "/");
});

test("without ids, with too many or malformed ones, the page says what to do", async ({ page }) => {
  const compare = new ComparePage(page);
  await page.goto("/compare");
  await expect(compare.notice).toContainText("Pick videos to compare");
  await expect(compare.notice).toContainText("tick Compare on 2 to 4 finished videos");
  await compare.notice.getByRole("link", { name: "Back to the gallery" }).click();
  await expect(page).toHaveURL(/\/$/);

  await page.goto("/compare?ids=a1,b2,c3,d4,e5");
  await expect(compare.notice.and(page.getByRole("alert"))).toContainText(
    "Compare takes at most 4 videos; this link names 5.",
  );
  await page.goto("/compare?ids=a1,%3Cscript%3E");
  await expect(compare.notice).toContainText("which is not a video id");
  await page.goto("/compare?ids=a1");
  await expect(compare.notice).toContainText("Compare needs at least 2 different videos.");
});
