import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { LibraryPage } from "./pages/library-page";
import { StudioPage } from "./pages/studio-page";

// The prompt history and library end to end: a generated prompt shows in History, is saved to
// the library, gets a second version, the diff marks what changed, "Start from this version"
// fills the composer with that version, and an exported library comes back whole after a delete.

test("history → library → new version → diff → start from v1 → export, delete, import", async ({ page }) => {
  const word = `zp${Date.now().toString(36)}`;
  const v1 = `A red fox crossing a frozen lake ${word}`;
  const v2 = `A silver fox crossing a frozen lake at dawn ${word}`;
  const name = `Fox ${word}`;
  const studio = new StudioPage(page);
  const library = new LibraryPage(page);

  await studio.open();
  await studio.prompt.fill(v1);
  await studio.generate.click();
  await expect(studio.cardFor(v1)).toHaveAttribute("data-state", "succeeded", { timeout: 45_000 });

  // History: the prompt with its use and success.
  await library.open("history");
  const row = library.historyRow(v1);
  await expect(row).toContainText("1 use");
  await expect(row).toContainText("1 succeeded");
  await expect(row).toContainText("Not rated");

  // Save it to the library and add a version.
  await library.saveFromHistory(v1, name);
  await expect(page).toHaveURL(/tab=library.*prompt=/);
  await expect(library.versions()).toHaveCount(1);
  await library.addVersion(v2, "dawn light");
  await expect(library.detail.getByRole("status")).toHaveText("Version 2 saved.");
  await expect(library.versions()).toHaveCount(2);
  await expect(library.versions().first()).toContainText("dawn light");

  // The diff of v1 → v2: the changed words marked (not by colour alone: <ins>/<del> with +/−).
  await library.compare(1, 2);
  await expect(library.diff.locator('ins[data-kind="added"]').filter({ hasText: "silver" })).toBeVisible();
  await expect(library.diff.locator('ins[data-kind="added"]').filter({ hasText: "dawn" })).toBeVisible();
  await expect(library.diff.locator('del[data-kind="removed"]').filter({ hasText: "red" })).toBeVisible();
  await expect(library.diff.locator("del")).toHaveCSS("text-decoration-line", "line-through");
  await expect(library.diff.locator("ins").first()).toHaveCSS("text-decoration-line", "underline");

  // Start from v1: the composer on / holds v1's text.
  await library.startFrom(1);
  await expect(page).toHaveURL(/\/$/);
  await expect(studio.prompt).toHaveValue(v1);

  // Export, delete, import: the prompt is back with both versions.
  await library.open("library");
  await library.listItem(name).click();
  const download = await library.exportLibrary();
  expect(download.suggestedFilename()).toMatch(/^prompt-library-\d{4}-\d{2}-\d{2}\.json$/);
  const file = await download.path();
  const exported = JSON.parse(fs.readFileSync(file, "utf8")) as {
    format: string;
    prompts: { name: string; versions: { text: string }[] }[];
  };
  expect(exported.format).toBe("sora-studio/prompt-library");
  expect(exported.prompts.find((p) => p.name === name)?.versions.map((v) => v.text)).toEqual([v1, v2]);

  await library.deleteOpenPrompt();
  await expect(page.getByRole("status").filter({ hasText: `“${name}” was deleted.` })).toBeVisible();
  await expect(library.listItem(name)).toHaveCount(0);

  await library.importFile(file);
  await expect(page.getByRole("status").filter({ hasText: /Imported \d+ prompts?\./ })).toBeVisible();
  await library.listItem(name).click();
  await expect(library.versions()).toHaveCount(2);
  await expect(library.versions().nth(0)).toContainText(v2);
  await expect(library.versions().nth(1)).toContainText(v1);
});

test("a hostile library file is refused with the path of what is wrong, and nothing is imported", async ({
  page,
  request,
}) => {
  const library = new LibraryPage(page);
  const before = await (await request.get("/api/prompts/export")).json();
  await library.open("library");
  const bad = {
    format: "sora-studio/prompt-library",
    version: 1,
    exportedAt: new Date().toISOString(),
    prompts: [
      {
        name: "x",
        tags: [],
        versions: [
          {
            number: 1,
            text: "ok",
            settings: { model: "sora-2", size: "huge", duration: 10, orientation: "square" },
            note: "",
            createdAt: new Date().toISOString(),
          },
        ],
      },
    ],
  };
  await library.importFile({
    name: "bad.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  const alert = page.getByRole("alert").filter({ hasText: "Nothing was imported" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("prompts.0.versions.0.settings.size");
  await library.importFile({ name: "not.json", mimeType: "application/json", buffer: Buffer.from("{ not json") });
  await expect(page.getByRole("alert").filter({ hasText: "not valid JSON" })).toBeVisible();
  expect((await (await request.get("/api/prompts/export")).json()).prompts).toEqual(before.prompts);
});

test("the composer saves its prompt and settings to the library under a name it suggests", async ({
  page,
  request,
}) => {
  const word = `zc${Date.now().toString(36)}`;
  const studio = new StudioPage(page);
  await studio.open();
  await studio.prompt.fill(`Neon rain over a night market ${word}`);
  await studio.choose("Model", "sora-2-pro");
  await studio.choose("Duration", "15 s");
  await page.getByRole("button", { name: "Save to library" }).click();
  const name = page.getByLabel("Name in the library");
  await expect(name).toHaveValue("Neon rain over a night market");
  await name.fill(`Neon ${word}`);
  await name.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: `Saved to the library as “Neon ${word}”` })).toBeVisible();
  // Enter saved to the library; it did not submit a generation.
  await expect(studio.cardFor(word)).toHaveCount(0);
  const list = (await (await request.get(`/api/prompts?q=${word}`)).json()) as {
    items: { name: string; latest: { text: string; settings: unknown } }[];
  };
  expect(list.items).toEqual([
    expect.objectContaining({
      name: `Neon ${word}`,
      latest: expect.objectContaining({
        text: `Neon rain over a night market ${word}`,
        settings: { model: "sora-2-pro", size: "small", duration: 15, orientation: "landscape" },
      }),
    }),
  ]);
});
