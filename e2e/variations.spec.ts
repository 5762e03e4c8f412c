import { expect, test, type Page } from "@playwright/test";
import { PageObject } from "./pages/page-object";
import { StudioPage } from "./pages/studio-page";

// Variations from the composer: a matrix previewed with its count, submitted as one run, the
// run's chip opening a gallery of exactly its videos (kept in the URL across a reload), and a
// matrix over the cap refused in place with nothing sent.

class VariationsSection extends PageObject {
  readonly section = this.page.getByTestId("variations");
  async open() {
    await this.section.locator("summary").click();
  }
  async mode(name: "Single" | "Repeat" | "Matrix") {
    await this.section.getByLabel(name, { exact: true }).check({ force: true });
  }
  axis(name: "Models" | "Durations" | "Orientations" | "Sizes") {
    return this.section.getByRole("group", { name });
  }
  get previewText() {
    return this.section.getByTestId("variations-preview");
  }
}

/** Opens the studio with `prompt` typed and the variations section open in `mode`. */
async function composeVariations(page: Page, prompt: string, mode: "Repeat" | "Matrix") {
  const studio = new StudioPage(page);
  const variations = new VariationsSection(page);
  await studio.open();
  await studio.prompt.fill(prompt);
  await variations.open();
  await variations.mode(mode);
  return { studio, variations };
}

/** Counts the page's submissions (a single video or a run). */
function countSubmissions(page: Page) {
  const seen = { count: 0 };
  page.on("request", (req) => {
    const path = new URL(req.url()).pathname;
    if (req.method() === "POST" && (path === "/api/runs" || path === "/api/videos")) seen.count++;
  });
  return seen;
}

test("a 2 durations × 2 orientations matrix becomes one run of 4 videos, and its chip shows exactly them", async ({
  page,
}) => {
  // Four videos rendered by the emulator (ffmpeg) one after another: slow on a busy machine.
  test.setTimeout(300_000);
  const prompt = `A kite over the dunes ${Date.now().toString(36)}`;
  const { studio, variations } = await composeVariations(page, prompt, "Matrix");
  // Pre-checked with the form's choice: sora-2, 10 s, landscape, small.
  await expect(variations.axis("Durations").getByLabel("10 s", { exact: true })).toBeChecked();
  await expect(variations.axis("Orientations").getByLabel("Landscape", { exact: true })).toBeChecked();
  await variations.axis("Durations").getByLabel("15 s", { exact: true }).check();
  await variations.axis("Orientations").getByLabel("Portrait", { exact: true }).check();
  await expect(variations.previewText).toHaveText("4 videos: 2 durations × 2 orientations");

  const submissions = countSubmissions(page);
  await page.getByRole("button", { name: "Generate 4 videos" }).click();
  await expect(page.getByTestId("composer-notice")).toContainText("4 videos queued as one run");
  expect(submissions.count).toBe(1);

  const cards = studio.cardFor(prompt);
  await expect(cards).toHaveCount(4);
  // The queue submits them one after another; every one finishes.
  for (let i = 0; i < 4; i++)
    await expect(cards.nth(i)).toHaveAttribute("data-state", "succeeded", { timeout: 180_000 });
  const settings = await cards.getByTestId("task-settings").allTextContents();
  expect(settings.map((s) => [/10 s|15 s/.exec(s)?.[0], /landscape|portrait/.exec(s)?.[0]].join(" ")).sort()).toEqual([
    "10 s landscape",
    "10 s portrait",
    "15 s landscape",
    "15 s portrait",
  ]);

  // Every card names the same run; its chip opens the gallery of that run alone.
  const chips = cards.getByTestId("run-chip");
  await expect(chips).toHaveCount(4);
  const hrefs = new Set(await chips.evaluateAll((links) => links.map((a) => a.getAttribute("href"))));
  expect(hrefs.size).toBe(1);
  const href = [...hrefs][0] as string;
  expect(href).toMatch(/^\/\?run=[0-9a-f-]{36}$/);
  await chips.first().click();
  await expect(page).toHaveURL(href);
  await expect(page.getByTestId("run-filter")).toBeVisible();
  await expect(studio.cards).toHaveCount(4);
  await expect(studio.cardFor(prompt)).toHaveCount(4);

  // The view is in the URL: a reload shows the same four.
  await page.reload();
  await expect(page).toHaveURL(href);
  await expect(page.getByTestId("run-filter")).toBeVisible();
  await expect(studio.cards).toHaveCount(4);
  await expect(studio.cardFor(prompt)).toHaveCount(4);

  // The whole run side by side: the compare page gets its four videos.
  await page.getByRole("link", { name: "Compare this run's 4 videos side by side" }).click();
  await expect(page).toHaveURL(/\/compare\?ids=/);
  await expect(page.getByTestId("compare-slot")).toHaveCount(4);
  await expect(page.getByTestId("compare-video")).toHaveCount(4);
  await page.goBack();
  await expect(page).toHaveURL(href);

  // Removing the run filter brings back the whole gallery.
  await page.getByRole("button", { name: "Remove the run filter" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("run-filter")).toHaveCount(0);
});

test("a matrix over the cap says so at the section and submits nothing", async ({ page }) => {
  const prompt = `An over-cap matrix ${Date.now().toString(36)}`;
  const { studio, variations } = await composeVariations(page, prompt, "Matrix");
  // 2 models × 3 durations × 3 orientations = 18, less sora-2 × 25 s (3 orientations) = 15 > 12.
  await variations.axis("Models").getByLabel("sora-2-pro", { exact: true }).check();
  for (const d of ["15 s", "25 s"]) await variations.axis("Durations").getByLabel(d, { exact: true }).check();
  for (const o of ["Portrait", "Square"]) await variations.axis("Orientations").getByLabel(o, { exact: true }).check();
  await expect(variations.previewText).toHaveText(
    "15 videos: 2 models × 3 durations × 3 orientations · 3 combinations skipped: 25 s needs sora-2-pro",
  );
  await expect(variations.section).toContainText("That makes 15 videos; one run makes at most 12. Untick some values.");

  const submissions = countSubmissions(page);
  await page.getByRole("button", { name: "Generate 15 videos" }).click();
  await expect(page.getByTestId("composer-notice")).toContainText("cannot be submitted");
  await page.waitForTimeout(500);
  expect(submissions.count).toBe(0);
  await expect(studio.cardFor(prompt)).toHaveCount(0);

  // Unticking brings it under the cap: the message goes.
  await variations.axis("Orientations").getByLabel("Square", { exact: true }).uncheck();
  await expect(variations.previewText).toHaveText(
    "10 videos: 2 models × 3 durations × 2 orientations · 2 combinations skipped: 25 s needs sora-2-pro",
  );
  await expect(variations.section).not.toContainText("one run makes at most");
});

test("a repeat is one run of identical requests; a single video stays a plain generation", async ({ page }) => {
  const prompt = `A repeated heron ${Date.now().toString(36)}`;
  const posted: string[] = [];
  page.on(
    "request",
    (req) => req.method() === "POST" && req.url().includes("/api/") && posted.push(new URL(req.url()).pathname),
  );
  const { studio, variations } = await composeVariations(page, prompt, "Repeat");
  await variations.section.getByLabel("How many times").selectOption("2");
  await expect(variations.previewText).toHaveText("2 videos: the same request 2 times");
  await page.getByRole("button", { name: "Generate 2 videos" }).click();
  await expect(studio.cardFor(prompt)).toHaveCount(2);
  expect(posted).toEqual(["/api/runs"]);
  const hrefs = await studio
    .cardFor(prompt)
    .getByTestId("run-chip")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  expect(hrefs).toHaveLength(2);
  expect(hrefs[0]).toBe(hrefs[1]);

  await variations.mode("Single");
  const single = `${prompt} alone`;
  await studio.prompt.fill(single);
  await studio.generate.click();
  await expect(studio.cardFor(single)).toHaveCount(1);
  expect(posted).toEqual(["/api/runs", "/api/videos"]);
  await expect(studio.cardFor(single).getByTestId("run-chip")).toHaveCount(0);
});

test("a run the server refuses puts each issue where it belongs", async ({ page }) => {
  await page.route("**/api/runs", (route) =>
    route.fulfill({
      status: 400,
      contentType: "application/json",
      body: JSON.stringify({
        error: {
          code: "invalid_request",
          message: "Invalid request.prompt, variations: refused",
          issues: [
            { path: "request.prompt", message: "The server refused this prompt" },
            { path: "variations", message: "The server refused these variations" },
          ],
        },
      }),
    }),
  );
  const { studio } = await composeVariations(page, "A prompt the server will refuse", "Repeat");
  await page.getByRole("button", { name: "Generate 2 videos" }).click();
  await expect(page.locator("#prompt-error")).toHaveText(/The server refused this prompt/);
  await expect(studio.prompt).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#variations-error")).toHaveText(/The server refused these variations/);
});
