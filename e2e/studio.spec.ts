import { expect, test } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";

// The composer's rules and paths: the 25 s rule, validation, failures, narrow screens, keyboard.

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

  let posted = false;
  page.on("request", (r) => {
    if (r.url().endsWith("/api/videos") && r.method() === "POST") posted = true;
  });
  await studio.prompt.fill("This must not be sent");
  await studio.generate.click();
  await expect(error).toBeVisible();
  await page.waitForTimeout(300);
  expect(posted).toBe(false);
  // (Not a count of cards: the gallery keeps only the cards near the screen in the page.)
  await expect(studio.cardFor("This must not be sent")).toHaveCount(0);

  // The clash is flagged with both fixes; each one fixes it, and nothing else changes.
  const conflict = page.getByRole("group", { name: "Model and duration conflict" });
  await expect(conflict).toContainText("25 s needs sora-2-pro; sora-2 makes up to 15 s.");
  await conflict.getByRole("button", { name: "Use sora-2-pro" }).click();
  await expect(studio.option("Model", "sora-2-pro")).toBeChecked();
  await expect(studio.option("Duration", "25 s")).toBeChecked();
  await expect(conflict).toHaveCount(0);
  await expect(error).toHaveCount(0);
  await studio.choose("Model", "sora-2");
  await page
    .getByRole("group", { name: "Model and duration conflict" })
    .getByRole("button", { name: "Use 15 s" })
    .click();
  await expect(studio.option("Duration", "15 s")).toBeChecked();
  await expect(studio.option("Model", "sora-2")).toBeChecked();
  await expect(page.getByRole("group", { name: "Model and duration conflict" })).toHaveCount(0);
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

test("the header's page links change the page without reloading it", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  // A mark on the window survives a page change made by the app's router, not a reload.
  await page.evaluate(() => Object.assign(window, { stayedInApp: true }));
  const pages = page.getByRole("navigation", { name: "Pages" });
  await pages.getByRole("link", { name: "Prompts" }).click();
  await expect(page).toHaveURL(/\/prompts$/);
  await expect(pages.getByRole("link", { name: "Prompts" })).toHaveAttribute("aria-current", "page");
  await pages.getByRole("link", { name: "Studio" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(studio.generate).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { stayedInApp?: boolean }).stayedInApp)).toBe(true);
});

test("can be driven by keyboard alone: Tab, arrow keys and Ctrl+Enter", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  // The header's page links come first, then the theme buttons, the language buttons, then the prompt.
  for (const name of ["Studio", "Prompts", "Compare", "Storyboard"]) {
    await page.keyboard.press("Tab");
    await expect(page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name })).toBeFocused();
  }
  for (const name of ["Light", "Dark", "System"]) {
    await page.keyboard.press("Tab");
    await expect(page.getByRole("group", { name: "Theme" }).getByRole("button", { name })).toBeFocused();
  }
  for (const name of ["English", "简体中文"]) {
    await page.keyboard.press("Tab");
    await expect(page.getByRole("group", { name: "Language" }).getByRole("button", { name })).toBeFocused();
  }
  await page.keyboard.press("Tab");
  await expect(studio.prompt).toBeFocused();
  const prompt = `Keyboard only ${Date.now()}`;
  await page.keyboard.type(prompt);
  // Under the prompt: "Save to library" (enabled once there is a prompt), the service, then its model.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Save to library" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(studio.option("Service", "Sora")).toBeFocused();
  // Arrow keys move between services (the models follow) and back.
  await page.keyboard.press("ArrowRight");
  await expect(studio.option("Service", "Veo")).toBeChecked();
  await expect(studio.option("Model", "veo3-fast")).toBeChecked();
  await page.keyboard.press("ArrowLeft");
  await expect(studio.option("Service", "Sora")).toBeChecked();
  await page.keyboard.press("Tab");
  await expect(studio.option("Model", "sora-2")).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(studio.option("Model", "sora-2-pro")).toBeChecked();
  for (let i = 0; i < 3; i++) await page.keyboard.press("Shift+Tab");
  await expect(studio.prompt).toBeFocused();
  await page.keyboard.press("Control+Enter");
  const card = studio.cardFor(prompt);
  await expect(card).toBeVisible();
  await expect(card.getByTestId("task-settings")).toContainText("sora-2-pro");
});
