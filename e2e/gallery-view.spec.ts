import { expect, test } from "@playwright/test";
import { PageObject } from "./pages/page-object";
import { StudioPage } from "./pages/studio-page";
import { submitTask } from "./support/tasks";

// The gallery's view: search and filters live in the URL (a view can be shared and survives a
// reload), grid or list layout, and a virtualized list that keeps the DOM small and loads the
// next page as it nears the end.

class GalleryView extends PageObject {
  readonly search = this.page.getByRole("searchbox", { name: "Search prompts" });
  readonly items = this.page.getByTestId("gallery-items");
  filter(name: string) {
    return this.page.getByRole("search").getByLabel(name, { exact: true });
  }
  prompts() {
    return this.page.locator('[data-testid="task-card"] p[id], [data-testid="task-row"] p[id]').allTextContents();
  }
}

test("search and filters narrow the gallery, live in the URL, and survive a reload", async ({ page, request }) => {
  const word = `zq${Date.now().toString(36)}`;
  await submitTask(request, `A fox in the snow ${word}`);
  await submitTask(request, `A whale under the ice ${word}`, {
    model: "sora-2-pro",
    duration: 15,
    orientation: "portrait",
  });
  const fav = await submitTask(request, `A starred heron ${word}`);
  expect((await request.patch(`/api/tasks/${fav.id}`, { data: { favourite: true, tags: ["Birds"] } })).status()).toBe(
    200,
  );

  const studio = new StudioPage(page);
  const view = new GalleryView(page);
  await studio.open();
  await view.search.fill(word);
  await expect.poll(() => view.prompts()).toHaveLength(3);
  await view.filter("Model").selectOption("sora-2-pro");
  await expect.poll(() => view.prompts()).toEqual([`A whale under the ice ${word}`]);
  await expect(page).toHaveURL(new RegExp(`q=${word}.*model=sora-2-pro|model=sora-2-pro.*q=${word}`));

  await page.reload();
  await expect(view.search).toHaveValue(word);
  await expect(view.filter("Model")).toHaveValue("sora-2-pro");
  await expect.poll(() => view.prompts()).toEqual([`A whale under the ice ${word}`]);

  // Favourites and tags (set through PATCH /api/tasks/:id).
  await view.filter("Model").selectOption("");
  await view.page.getByLabel("Favourites only").check();
  await expect.poll(() => view.prompts()).toEqual([`A starred heron ${word}`]);
  await view.page.getByLabel("Favourites only").uncheck();
  await view.filter("Tag").fill("birds");
  await view.filter("Tag").press("Enter");
  await expect.poll(() => view.prompts()).toEqual([`A starred heron ${word}`]);

  // Nothing matches: said so, with a way out.
  await view.search.fill(`${word} nothingmatchesthis`);
  await expect(page.getByText("No videos match these filters.")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await expect(view.search).toHaveValue("");
  await expect(page).toHaveURL(/\/$/);
});

test("a task made while a filter is on joins the view only if it matches", async ({ page, request }) => {
  const word = `zl${Date.now().toString(36)}`;
  const studio = new StudioPage(page);
  const view = new GalleryView(page);
  await page.goto(`/?q=${word}&model=sora-2-pro`);
  await expect(view.search).toHaveValue(word);
  await submitTask(request, `Not this one ${word}`);
  await submitTask(request, `This one ${word}`, { model: "sora-2-pro" });
  await expect.poll(() => view.prompts()).toEqual([`This one ${word}`]);
  await expect(studio.cardFor(`This one ${word}`)).toHaveAttribute("data-state", "succeeded", { timeout: 30_000 });
});

test("the list layout keeps few rows in the page however long the gallery, and loads more near the end", async ({
  page,
  request,
}) => {
  const word = `zv${Date.now().toString(36)}`;
  test.setTimeout(240_000);
  for (let i = 0; i < 40; i++) await submitTask(request, `Row ${String(i).padStart(2, "0")} ${word}`);
  // Let the emulator finish all 40 first: the submission queue is shared with the tests after this one.
  await expect
    .poll(
      async () =>
        (
          (await (await request.get(`/api/tasks?q=${word}&limit=100`)).json()) as { items: { state: string }[] }
        ).items.filter((t) => t.state === "succeeded").length,
      { timeout: 200_000, intervals: [1000] },
    )
    .toBe(40);
  const view = new GalleryView(page);
  await page.setViewportSize({ width: 1280, height: 600 });
  await page.goto(`/?q=${word}&view=list`);
  await expect(view.items).toHaveAttribute("data-layout", "list");
  await expect(page.getByTestId("task-row").first()).toBeVisible();
  const rendered = await page.getByTestId("task-row").count();
  expect(rendered).toBeLessThan(40);
  // Scroll to the end: the oldest row appears (the second page was loaded on the way).
  for (let i = 0; i < 20 && !(await page.getByText(`Row 00 ${word}`).isVisible()); i++) {
    await page.mouse.wheel(0, 1500);
    await page.waitForTimeout(150);
  }
  await expect(page.getByText(`Row 00 ${word}`)).toBeVisible();
  expect(await page.getByTestId("task-row").count()).toBeLessThan(40);
  await page.reload();
  await expect(view.items).toHaveAttribute("data-layout", "list");
});

test("on a phone the filters fold behind one button that counts the ones on", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  const view = new GalleryView(page);
  await page.goto("/");
  const toggle = page.getByRole("search").getByRole("button", { name: "Filters", exact: true });
  await expect(view.search).toBeVisible();
  await expect(view.filter("Model")).toBeHidden();
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await view.filter("Model").selectOption("sora-2-pro");
  await view.filter("Orientation").selectOption("portrait");
  await expect(page).toHaveURL(/model=sora-2-pro/);
  // Two filters on: the folded button says so after a reload.
  await page.reload();
  await expect(page.getByRole("search").getByRole("button", { name: "Filters · 2 on" })).toHaveAttribute(
    "aria-expanded",
    "false",
  );
  await expect(view.filter("Model")).toBeHidden();
  // Side by side, the controls fit the phone's width: nothing scrolls sideways.
  await page.getByRole("search").getByRole("button", { name: "Filters · 2 on" }).click();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});
