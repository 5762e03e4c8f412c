import { expect, test } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";

// The task lifecycle as a user sees it: the gallery follows tasks from the event feed (never
// by re-reading the list), shows the archive, and can import and delete tasks.

test("the gallery follows a task live from the event feed, without re-reading the list", async ({ page }) => {
  const studio = new StudioPage(page);
  const listReads: string[] = [];
  page.on("request", (req) => {
    if (new URL(req.url()).pathname === "/api/tasks") listReads.push(req.url());
  });
  await studio.open();
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "live");
  await expect.poll(() => listReads.length).toBeGreaterThan(0);
  await page.waitForTimeout(300); // the initial load and the feed's one "ready" re-read settle
  const readsBefore = listReads.length;

  const prompt = `Fireflies over a pond ${Date.now()}`;
  await studio.prompt.fill(prompt);
  await studio.generate.click();
  const card = studio.cardFor(prompt);
  await expect(card.getByRole("status")).toHaveText(/Rendering/, { timeout: 15_000 });
  await expect(card).toHaveAttribute("data-state", "succeeded", { timeout: 30_000 });
  await expect(card.getByTestId("archive-status")).toHaveText(/Archived · [\d.]+ (KB|MB)/, { timeout: 15_000 });
  expect(listReads.length).toBe(readsBefore);
});

test("a task is imported by its AceData id, once, with the reason shown for a bad id", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.open();
  const prompt = `Made with curl ${Date.now()}`;
  const made = await request.post("/api/emulator/sora/videos", {
    headers: { authorization: "Bearer curl" },
    data: { prompt, model: "sora-2", async: true },
  });
  const { task_id: upstreamId } = (await made.json()) as { task_id: string };

  await page.getByRole("button", { name: "Import task…" }).click();
  const field = page.getByLabel("AceData task id");
  await field.fill("not a valid id");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("task_id has characters no AceData task id has")).toBeVisible();
  await expect(field).toHaveAttribute("aria-invalid", "true");

  await field.fill("6bf7fb83-5814-4e3e-a4ad-bfa0c26c0b33");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("unknown to AceData")).toBeVisible();

  await field.fill(upstreamId);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("Imported: it is in the gallery now.")).toBeVisible();
  await expect(studio.cardFor(prompt)).toHaveAttribute("data-state", "succeeded", { timeout: 30_000 });
  await field.fill(upstreamId);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("Already in the gallery.")).toBeVisible();
  await expect(studio.cardFor(prompt)).toHaveCount(1);
});

test("delete asks first, then removes the task for good", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  const prompt = `Delete me ${Date.now()}`;
  await studio.prompt.fill(prompt);
  await studio.generate.click();
  const card = studio.cardFor(prompt);
  await expect(card).toHaveAttribute("data-state", "succeeded", { timeout: 30_000 });

  await card.getByRole("button", { name: "Delete", exact: true }).click();
  const confirm = card.getByRole("group", { name: "Confirm delete" });
  await expect(confirm).toContainText("Delete this video and its archived copy?");
  await confirm.getByRole("button", { name: "Keep" }).click();
  await expect(card).toBeVisible();

  await card.getByRole("button", { name: "Delete", exact: true }).click();
  await card.getByRole("group", { name: "Confirm delete" }).getByRole("button", { name: "Delete" }).click();
  await expect(card).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("task-card").first()).toBeVisible();
  await expect(studio.cardFor(prompt)).toHaveCount(0);
});

test("a change made in another tab appears in this one", async ({ page, context }) => {
  const studio = new StudioPage(page);
  await studio.open();
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "live");
  const other = await context.newPage();
  const prompt = `From the other tab ${Date.now()}`;
  const res = await other.request.post("/api/videos", {
    data: { prompt, model: "sora-2", size: "small", duration: 10, orientation: "landscape" },
  });
  expect(res.status()).toBe(202);
  await expect(studio.cardFor(prompt)).toHaveAttribute("data-state", "succeeded", { timeout: 30_000 });
  const { task } = (await res.json()) as { task: { id: string } };
  await other.request.delete(`/api/tasks/${task.id}`);
  await expect(studio.cardFor(prompt)).toHaveCount(0);
});

test("across the stream's reconnects the page resumes by event id and never re-reads the list", async ({ page }) => {
  // The e2e server ends every event stream after 4 s (SSE_MAX_STREAM_MS), as a strict proxy might;
  // the browser reconnects with Last-Event-ID and the server replays what happened in between.
  const studio = new StudioPage(page);
  const listReads: string[] = [];
  const resumedFrom: number[] = [];
  page.on("request", async (req) => {
    const url = new URL(req.url());
    if (url.pathname === "/api/tasks") listReads.push(req.url());
    if (url.pathname === "/api/events") {
      const id = (await req.allHeaders())["last-event-id"];
      if (id !== undefined) resumedFrom.push(Number(id));
    }
  });
  await studio.open();
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "live");
  await page.waitForTimeout(300);
  const readsBefore = listReads.length;

  const prompt = `Across reconnects ${Date.now()}`;
  await studio.prompt.fill(prompt);
  await studio.generate.click();
  const card = studio.cardFor(prompt);
  await expect(card).toHaveAttribute("data-state", "succeeded", { timeout: 30_000 });
  await expect(card.getByTestId("archive-status")).toHaveText(/Archived/, { timeout: 15_000 });
  // Wait for one more reconnect after everything happened, then check it resumed from an id.
  const seen = resumedFrom.length;
  await expect.poll(() => resumedFrom.length, { timeout: 10_000 }).toBeGreaterThan(seen);
  expect(resumedFrom.at(-1)).toBeGreaterThan(0);
  expect([...resumedFrom].sort((a, b) => a - b)).toEqual(resumedFrom); // ids only grow
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "live");
  expect(listReads.length).toBe(readsBefore);
});

test("when the server refuses the stream, the page keeps trying and goes live again", async ({ page }) => {
  const studio = new StudioPage(page);
  let refused = 0;
  await page.route("**/api/events*", async (route) => {
    if (refused < 2) {
      refused++;
      await route.fulfill({ status: 502, body: "bad gateway" });
    } else await route.continue();
  });
  await studio.open();
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "live", { timeout: 15_000 });
  expect(refused).toBe(2);
});
