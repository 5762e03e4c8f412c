import { expect, test } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";

// Comforts of the composer: the draft survives a reload, recent prompts come back in one pick,
// and the exact request can be previewed and copied as cURL (with the token left to the shell).

test("the draft survives a reload, choices and all", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  await studio.prompt.fill("A half-written idea about a glass whale");
  await studio.choose("Model", "sora-2-pro");
  await studio.choose("Duration", "25 s");
  await studio.choose("Orientation", "Portrait");
  await page.waitForTimeout(500); // the draft is saved a moment after the last change
  await page.reload();
  await expect(studio.prompt).toHaveValue("A half-written idea about a glass whale");
  await expect(studio.option("Model", "sora-2-pro")).toBeChecked();
  await expect(studio.option("Duration", "25 s")).toBeChecked();
  await expect(studio.option("Orientation", "Portrait")).toBeChecked();
});

test("a submitted prompt is offered again under Recent", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  const first = `Origami cranes taking flight ${Date.now()}`;
  await studio.prompt.fill(first);
  await studio.generate.click();
  await expect(page.getByTestId("composer-notice")).toContainText("Accepted");
  await studio.prompt.fill("something else");
  const recent = page.getByLabel("Recent prompts");
  await recent.selectOption(first);
  await expect(studio.prompt).toHaveValue(first);
  await page.reload();
  await expect(page.getByLabel("Recent prompts").locator("option", { hasText: first })).toHaveCount(1);
});

test("the request preview shows the exact body, and Copy as cURL leaves the token to the shell", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const studio = new StudioPage(page);
  await studio.open();
  await studio.prompt.fill("It's a test");
  await studio.choose("Size", "Large");
  await page.getByText("Request preview").click();
  const json = JSON.parse((await page.getByTestId("request-json").textContent()) ?? "");
  expect(json).toMatchObject({
    prompt: "It's a test",
    model: "sora-2",
    size: "large",
    duration: 10,
    orientation: "landscape",
    async: true,
  });
  await page.getByRole("button", { name: "Copy as cURL" }).click();
  await expect(page.getByText("Copied cURL.")).toBeVisible();
  const curl = await page.evaluate(() => navigator.clipboard.readText());
  expect(curl).toContain('-H "authorization: Bearer $ACEDATACLOUD_API_TOKEN"');
  expect(curl).toContain("/api/emulator/sora/videos");
  expect(curl).toContain(`'{"prompt":"It'\\''s a test"`);
});

test("the open request preview fits a 375 px screen without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  const studio = new StudioPage(page);
  await studio.open();
  await studio.prompt.fill(
    "A glass whale gliding over a sleeping city in moonlight, with a very long prompt that goes on",
  );
  await page.getByText("Request preview").click();
  await expect(page.getByTestId("request-json")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});

test("the wait is estimated from this studio's own finished videos of the same kind", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  const prompt = `A kite over dunes ${Date.now()}`;
  await studio.prompt.fill(prompt);
  await studio.choose("Size", "Large");
  await studio.generate.click();
  await expect(studio.cardFor(prompt)).toHaveAttribute("data-state", "succeeded", { timeout: 30_000 });
  // At least this one large 10 s sora-2 video is known now.
  await expect(page.getByTestId("wait-estimate")).toHaveText(
    /^Usually ready in about \d+ s \(median of your last \d+ videos? like this\)\.$/,
  );
  await studio.choose("Model", "sora-2-pro");
  await expect(page.getByTestId("wait-estimate")).toHaveText(
    /^(No finished sora-2-pro 10 s videos yet|Usually ready in about)/,
  );
});
