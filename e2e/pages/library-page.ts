import { expect, type Download } from "@playwright/test";
import { PageObject } from "./page-object";

/** Page object of /prompts: the History and Library tabs, in the words a user sees. */
export class LibraryPage extends PageObject {
  readonly detail = this.page.getByTestId("prompt-detail");
  readonly diff = this.page.getByTestId("version-diff");

  async open(tab: "history" | "library" = "history") {
    await this.page.goto(tab === "library" ? "/prompts?tab=library" : "/prompts");
    await expect(
      this.page.getByRole("tab", { name: tab === "library" ? "Library" : "History", selected: true }),
    ).toBeVisible();
  }

  historyRow(prompt: string) {
    return this.page.getByTestId("history-row").filter({ hasText: prompt });
  }

  /** "Save to library" on a history row, under `name`; then opens it in the library. */
  async saveFromHistory(prompt: string, name: string) {
    const row = this.historyRow(prompt);
    await row.getByRole("button", { name: "Save to library" }).click();
    await row.getByLabel("Name in the library").fill(name);
    await row.getByRole("button", { name: "Save", exact: true }).click();
    await expect(row.getByRole("status")).toContainText(`Saved to the library as “${name}”`);
    await row.getByRole("link", { name: "Open in the library" }).click();
    await expect(this.detail.getByRole("heading", { name })).toBeVisible();
  }

  listItem(name: string) {
    return this.page.getByTestId("library-list").getByRole("button").filter({ hasText: name });
  }

  versions() {
    return this.detail.getByTestId("prompt-version");
  }

  async addVersion(text: string, note: string) {
    await this.detail.getByRole("button", { name: "New version" }).click();
    await this.detail.getByLabel("Text of the new version").fill(text);
    await this.detail.getByLabel("Note (optional)").fill(note);
    await this.detail.getByRole("button", { name: "Save version" }).click();
  }

  async compare(from: number, to: number) {
    await this.detail.getByLabel("From", { exact: true }).selectOption(String(from));
    await this.detail.getByLabel("To", { exact: true }).selectOption(String(to));
  }

  async startFrom(version: number) {
    await this.detail.getByRole("button", { name: `Start from this version (version ${version})` }).click();
  }

  async exportLibrary(): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page.getByRole("link", { name: "Export library" }).click(),
    ]);
    return download;
  }

  async importFile(file: string | { name: string; mimeType: string; buffer: Buffer }) {
    await this.page.getByTestId("library-import-file").setInputFiles(file);
  }

  async deleteOpenPrompt() {
    await this.detail.getByRole("button", { name: "Delete" }).click();
    await this.detail.getByRole("group", { name: "Delete" }).getByRole("button", { name: "Delete" }).click();
  }
}
