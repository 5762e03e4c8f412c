import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";
import { submitTask } from "./support/tasks";
import { playMuted, videoNumber } from "./support/video";

// Export and import from the gallery's header: two tasks go out in a ZIP download, are deleted
// in the UI, and come back from that file through "Import file…", playable and with their tags.

type Video = { id: string; archived: boolean };
type Task = { id: string; state: string; tags: string[]; videos: Video[] };

async function make(request: APIRequestContext, prompt: string, tags: string[]): Promise<Task> {
  const task = await submitTask<Task>(request, prompt);
  expect((await request.patch(`/api/tasks/${task.id}`, { data: { tags } })).status()).toBe(200);
  return task;
}

async function archived(request: APIRequestContext, id: string): Promise<Task> {
  let task: Task | undefined;
  await expect
    .poll(
      async () => {
        task = ((await (await request.get(`/api/tasks/${id}`)).json()) as { task: Task }).task;
        return task.state === "succeeded" && task.videos.length > 0 && task.videos.every((v) => v.archived);
      },
      { timeout: 45_000 },
    )
    .toBe(true);
  return task as Task;
}

test("export two tasks as a ZIP, delete them, and import them back from the file", async ({ page, request }) => {
  const word = `zp${Date.now().toString(36)}`;
  const prompts = [`A lantern on the water ${word}`, `A paper crane takes off ${word}`];
  const made = [await make(request, prompts[0]!, ["lanterns", "night"]), await make(request, prompts[1]!, ["paper"])];
  const before = [await archived(request, made[0]!.id), await archived(request, made[1]!.id)];
  const bytes = async (videoId: string) => Buffer.from(await (await request.get(`/api/media/${videoId}`)).body());
  const originals = await Promise.all(before.map((t) => bytes(t.videos[0]!.id)));

  const studio = new StudioPage(page);
  await page.goto(`/?q=${word}`);
  await expect(studio.cards).toHaveCount(2);

  // Export: the menu opens from the keyboard too, and its ZIP link downloads the bundle.
  const exportButton = page.getByRole("button", { name: "Export", exact: true });
  await exportButton.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("group", { name: "Export tasks" });
  await expect(menu).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(exportButton).toBeFocused();
  await exportButton.click();
  const downloading = page.waitForEvent("download");
  await menu.getByRole("link", { name: "ZIP with the videos" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^sora-studio-all-\d{4}-\d{2}-\d{2}\.zip$/);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "e2e-bundle-")), download.suggestedFilename());
  await download.saveAs(file);
  expect(fs.statSync(file).size).toBeGreaterThan(originals[0]!.length + originals[1]!.length);

  // Delete both in the gallery.
  for (const prompt of prompts) {
    const card = studio.cardFor(prompt);
    await card.getByRole("button", { name: "Delete" }).click();
    await card.getByRole("group", { name: "Confirm delete" }).getByRole("button", { name: "Delete" }).click();
    await expect(card).toHaveCount(0);
  }
  for (const task of made) expect((await request.get(`/api/tasks/${task.id}`)).status()).toBe(404);

  // Import the downloaded file: both come back (everything else in it is already here).
  await page.getByLabel("Import file…").setInputFiles(file);
  const result = page.getByTestId("import-result");
  await expect(result).toContainText("2 tasks imported");
  await expect(result).toHaveAttribute("role", "status");
  await expect(studio.cards).toHaveCount(2);
  for (const prompt of prompts) await expect(studio.cardFor(prompt)).toHaveAttribute("data-state", "succeeded");

  for (const [i, task] of made.entries()) {
    const back = ((await (await request.get(`/api/tasks/${task.id}`)).json()) as { task: Task & { origin: string } })
      .task;
    expect(back).toMatchObject({ state: "succeeded", tags: before[i]!.tags, origin: "import" });
    expect(back.videos.map((v) => v.id)).toEqual(before[i]!.videos.map((v) => v.id));
    expect((await bytes(back.videos[0]!.id)).equals(originals[i]!)).toBe(true);
  }
  // And it plays in the page.
  const video = studio.cardFor(prompts[0]!).locator("video");
  await playMuted(video);
  await expect.poll(() => videoNumber(video, "readyState")).toBeGreaterThanOrEqual(2);

  // A file that is not a bundle: the plain error, and nothing changes.
  const junk = path.join(path.dirname(file), "notes.json");
  fs.writeFileSync(junk, JSON.stringify({ format: "something/else" }));
  await page.getByLabel("Import file…").setInputFiles(junk);
  await expect(result).toHaveAttribute("role", "alert");
  await expect(result).toContainText("format");
  await expect(studio.cards).toHaveCount(2);
});
