import { expect, test } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";
import { playMuted, videoNumber } from "./support/video";

// The newcomer's flow on a fresh studio (this project runs before every other one, on an empty
// database): empty gallery, one generation watched from queued to ready, and a video that
// really plays in chromium at the requested length and shape.

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
  await playMuted(video);
  await expect.poll(() => videoNumber(video, "readyState"), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  const info = await video.evaluate((v: HTMLVideoElement) => ({
    duration: v.duration,
    width: v.videoWidth,
    height: v.videoHeight,
  }));
  expect(Math.abs(info.duration - 15)).toBeLessThan(0.5);
  expect(info).toMatchObject({ width: 720, height: 1280 });
  await expect.poll(() => videoNumber(video, "currentTime"), { timeout: 10_000 }).toBeGreaterThan(0.2);

  // The result survives a reload: it comes from the studio's database, not the page's memory.
  await page.reload();
  await expect(studio.cardFor(prompt)).toHaveAttribute("data-state", "succeeded");
  await expect(studio.cardFor(prompt).getByRole("link", { name: "Download MP4" })).toHaveAttribute(
    "href",
    /^\/api\/media\//,
  );
});
