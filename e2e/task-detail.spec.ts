import fs from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";
import { TaskDetailPage } from "./pages/task-detail-page";
import { makeTask } from "./support/tasks";

// A task's detail drawer: everything about one task, and what to do with it next. It lives in
// the URL (?task=<id>), follows the task live and survives a reload.

/** Submits a task, opens the studio and, once the task's card is ready, its detail. */
async function openNewTaskDetail(
  page: Page,
  request: APIRequestContext,
  prompt: string,
  over: Record<string, unknown> = {},
) {
  const id = await makeTask(request, prompt, over);
  const studio = new StudioPage(page);
  const detail = new TaskDetailPage(page);
  await studio.open();
  await expect(studio.cardFor(prompt)).toHaveAttribute("data-state", "succeeded", { timeout: 30_000 });
  await detail.openFromCard(prompt);
  return { id, studio, detail };
}

const unique = () => Date.now().toString(36);

test("the detail shows the video, ids, timings and the request, and lives in the URL", async ({ page, request }) => {
  const prompt = `A red fox crossing fresh snow at dawn ${unique()}`;
  const { id, detail } = await openNewTaskDetail(page, request, prompt, { orientation: "portrait", duration: 15 });
  await expect(page).toHaveURL(new RegExp(`[?&]task=${id}`));
  await expect(detail.fact("detail-state")).toHaveText("Ready");
  await expect(detail.detail.locator("video")).toHaveAttribute("src", /\/api\/media\//);
  // The ids come from AceData (the emulator): what a support ticket needs.
  const upstreamId = await request
    .get(`/api/tasks/${id}`)
    .then(async (r) => ((await r.json()) as { task: { upstreamTaskId: string; traceId: string } }).task);
  await expect(detail.fact("detail-upstream-id")).toHaveText(upstreamId.upstreamTaskId);
  await expect(detail.fact("detail-trace-id")).toHaveText(upstreamId.traceId);
  // Queued, rendering and total times are measured, not dashes.
  for (const timing of ["timing-queued", "timing-running", "timing-total"])
    await expect(detail.fact(timing)).toHaveText(/^\d+ s$|^\d+:\d\d$/);
  await expect(detail.fact("detail-archive")).toContainText("Archived");
  await detail.drawer.getByText("The full request").click();
  const shown = JSON.parse((await detail.fact("detail-request").textContent()) ?? "{}") as Record<string, unknown>;
  expect(shown).toMatchObject({ prompt, orientation: "portrait", duration: 15, model: "sora-2", size: "small" });

  // The download is named after the prompt and the local date, and is the real MP4.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    detail.drawer.getByRole("link", { name: "Download MP4" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^a-red-fox-crossing-fresh-snow-\d{4}-\d{2}-\d{2}-\d{4}\.mp4$/);
  const bytes = fs.readFileSync(await download.path());
  expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");

  // A reload opens the same detail; Escape closes it and the URL forgets it.
  await page.reload();
  await expect(detail.detail).toBeVisible();
  await expect(detail.fact("detail-upstream-id")).toHaveText(upstreamId.upstreamTaskId);
  await page.keyboard.press("Escape");
  await expect(detail.drawer).toBeHidden();
  await expect(page).not.toHaveURL(/task=/);
});

test("tags, notes and the star are saved from the detail and shown in the gallery", async ({ page, request }) => {
  const prompt = `A heron standing in a misty lake ${unique()}`;
  const { studio, detail } = await openNewTaskDetail(page, request, prompt);

  // A comma adds a tag as Enter does; tags are normalised (lower case, one spelling).
  await detail.tagInput.pressSequentially("Moody,");
  await detail.tagInput.fill("  Winter   Light ");
  await detail.tagInput.press("Enter");
  await expect.poll(() => detail.tags()).toEqual(["moody", "winter light"]);
  await detail.drawer.getByRole("button", { name: "Remove the tag moody" }).click();
  await expect.poll(() => detail.tags()).toEqual(["winter light"]);
  // A tag the schema refuses is named at the field, and nothing is saved.
  await detail.tagInput.fill("x".repeat(41));
  await detail.tagInput.press("Enter");
  await expect(detail.drawer.getByRole("alert")).toContainText("at most 40 characters");
  await expect.poll(() => detail.tags()).toEqual(["winter light"]);

  await detail.notes.fill("Try a lower camera next time");
  await expect(detail.drawer.getByTestId("notes-state")).toHaveText("Saved");
  await detail.drawer.getByRole("button", { name: "Favourite" }).click();
  await expect(detail.drawer.getByRole("button", { name: "Favourite" })).toHaveAttribute("aria-pressed", "true");

  // All of it is stored: a reload shows it, and the gallery filters by it.
  await page.reload();
  await expect.poll(() => detail.tags()).toEqual(["winter light"]);
  await expect(detail.notes).toHaveValue("Try a lower camera next time");
  await page.keyboard.press("Escape");
  await expect(studio.cardFor(prompt).getByRole("button", { name: "Remove from favourites" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await page.goto(`/?tag=${encodeURIComponent("winter light")}&favourite=1`);
  await expect(studio.cards).toHaveCount(1);
  await expect(studio.cards.first()).toContainText(prompt);
});

test("re-run, edit and re-run, and copy as cURL start from the task's own request", async ({
  page,
  request,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const prompt = `A paper boat on a rainy street ${unique()}`;
  const { studio, detail } = await openNewTaskDetail(page, request, prompt, {
    model: "sora-2-pro",
    size: "large",
    duration: 25,
    orientation: "square",
  });

  await detail.button("Copy as cURL").click();
  await expect(detail.drawer.getByTestId("detail-notice")).toContainText("cURL command");
  const curl = await page.evaluate(() => navigator.clipboard.readText());
  expect(curl).toContain("curl -sS -X POST");
  expect(curl).toContain("$ACEDATACLOUD_API_TOKEN");
  expect(curl).toContain(prompt);
  expect(curl).toContain('"duration":25');

  // Re-run: the same request again, as a new task, opened from the notice.
  const firstId = new URL(page.url()).searchParams.get("task");
  await detail.button("Re-run").click();
  await expect(detail.drawer.getByTestId("detail-notice")).toContainText("Started again");
  await expect(studio.cardFor(prompt)).toHaveCount(2);
  await detail.button("Open the new task").click();
  await expect(page).not.toHaveURL(new RegExp(`task=${firstId}`));
  await expect(page).toHaveURL(/task=/);
  await expect(detail.fact("detail-state")).toBeVisible();

  // Edit and re-run: the composer holds the request, nothing is sent until Generate.
  await detail.button("Edit and re-run").click();
  await expect(detail.drawer).toBeHidden();
  await expect(studio.prompt).toHaveValue(prompt);
  await expect(studio.option("Model", "sora-2-pro")).toBeChecked();
  await expect(studio.option("Duration", "25 s")).toBeChecked();
  await expect(studio.option("Orientation", "Square")).toBeChecked();
  await expect(studio.prompt).toBeFocused();
  await expect(page.getByTestId("composer-notice")).toContainText("Loaded into the composer");
  await expect(studio.cardFor(prompt)).toHaveCount(2);
});

test("a deleted task's detail says so, in the drawer and by its link", async ({ page, request }) => {
  const prompt = `A lantern floating on a river ${unique()}`;
  const { studio, detail } = await openNewTaskDetail(page, request, prompt);
  const link = page.url();
  await detail.button("Delete").click();
  await detail.drawer.getByRole("group", { name: "Confirm delete" }).getByRole("button", { name: "Delete" }).click();
  await expect(detail.drawer.getByRole("alert")).toContainText("not in the studio");
  await expect(studio.cardFor(prompt)).toHaveCount(0);

  await page.goto(link);
  await expect(detail.drawer.getByRole("alert")).toContainText("not in the studio");
  await detail.button("Back to the gallery").click();
  await expect(detail.drawer).toBeHidden();
});
