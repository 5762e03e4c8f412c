import { expect, test } from "@playwright/test";
import { StudioPage } from "./studio-page";

// The newcomer's flow on a fresh studio: empty gallery, one generation watched from queued to
// ready, and a video that really plays in chromium at the requested length and shape.

test("a newcomer generates a video and plays it", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  await expect(page.getByText("No videos yet")).toBeVisible();

  const prompt = `A paper boat on a rainy street ${Date.now()}`;
  await studio.prompt.fill(prompt);
  await studio.choose("Model", "sora-2-pro");
  await studio.choose("Duration", "15 s");
  await studio.choose("Size", "Small");
  await studio.choose("Orientation", "Portrait");
  await studio.generate.click();

  const card = studio.cardFor(prompt);
  await expect(card).toBeVisible();
  await expect(page.getByTestId("composer-notice")).toContainText("Accepted");
  // It shows its progress in words while it renders...
  await expect(card.getByRole("status")).toHaveText(/Submitted|Rendering/);
  await expect(card.getByRole("list", { name: "Progress" })).toBeVisible();
  // ...and ends ready with a player.
  await expect(card).toHaveAttribute("data-state", "succeeded", { timeout: 30_000 });
  await expect(card.getByRole("status")).toHaveText(/Ready/);

  const video = card.locator("video");
  await expect(video).toBeVisible();
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  const info = await video.evaluate((v: HTMLVideoElement) => ({ duration: v.duration, width: v.videoWidth, height: v.videoHeight }));
  expect(Math.abs(info.duration - 15)).toBeLessThan(0.5);
  expect(info).toMatchObject({ width: 720, height: 1280 });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(0.2);

  // The result survives a reload: it comes from the studio's database, not the page's memory.
  await page.reload();
  await expect(studio.cardFor(prompt)).toHaveAttribute("data-state", "succeeded");
  await expect(studio.cardFor(prompt).getByRole("link", { name: "Download MP4" })).toHaveAttribute("href", /^\/api\/media\//);
});

test("25 s is shown but unavailable for sora-2, with the reason, and blocked if chosen", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  await studio.choose("Model", "sora-2");
  await expect(studio.option("Duration", "25 s")).toBeDisabled();
  await expect(studio.group("Duration")).toContainText("25 s needs sora-2-pro.");

  await studio.choose("Model", "sora-2-pro");
  await expect(studio.option("Duration", "25 s")).toBeEnabled();
  await studio.choose("Duration", "25 s");
  await studio.choose("Model", "sora-2");
  const error = studio.group("Duration").getByText("25 s videos need sora-2-pro");
  await expect(error).toBeVisible();

  const before = await studio.cards.count();
  let posted = false;
  page.on("request", (r) => {
    if (r.url().endsWith("/api/videos") && r.method() === "POST") posted = true;
  });
  await studio.prompt.fill("This must not be sent");
  await studio.generate.click();
  await expect(error).toBeVisible();
  await page.waitForTimeout(300);
  expect(posted).toBe(false);
  expect(await studio.cards.count()).toBe(before);
});

test("an empty prompt is refused in the form with the reason, and nothing is sent", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  await studio.generate.click();
  await expect(page.getByText("Write a prompt", { exact: true })).toBeVisible();
  await expect(studio.prompt).toHaveAttribute("aria-invalid", "true");
  await expect(studio.prompt).toBeFocused();
});

test("a failed generation says why in plain words", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  const prompt = `A crowd of people [emulate:fail=forbidden] ${Date.now()}`;
  await studio.prompt.fill(prompt);
  await studio.generate.click();
  const card = studio.cardFor(prompt);
  await expect(card).toHaveAttribute("data-state", "failed", { timeout: 30_000 });
  await expect(card.getByRole("note")).toContainText("moderation rejected");
});

test("works at 375 px wide without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  const studio = new StudioPage(page);
  await studio.open();
  await expect(studio.generate).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("can be driven by keyboard alone: Tab, arrow keys and Ctrl+Enter", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  await page.keyboard.press("Tab");
  await expect(studio.prompt).toBeFocused();
  const prompt = `Keyboard only ${Date.now()}`;
  await page.keyboard.type(prompt);
  await page.keyboard.press("Tab");
  await expect(studio.option("Model", "sora-2")).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(studio.option("Model", "sora-2-pro")).toBeChecked();
  await page.keyboard.press("Shift+Tab");
  await expect(studio.prompt).toBeFocused();
  await page.keyboard.press("Control+Enter");
  const card = studio.cardFor(prompt);
  await expect(card).toBeVisible();
  await expect(card.getByRole("list", { name: "Settings" })).toContainText("sora-2-pro");
});
