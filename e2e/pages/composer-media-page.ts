import { expect, type Locator } from "@playwright/test";
import { PageObject } from "./page-object";

/** The composer's reference images and character clip builder, by what a user sees. */
export class ReferenceImagesPanel extends PageObject {
  readonly files = this.page.getByLabel("Reference image files");
  readonly urlInput = this.page.getByLabel("Reference image URL");
  readonly addUrl = this.page.getByRole("button", { name: "Add URL" });
  readonly thumbnails = this.page.getByTestId("reference-image");
  readonly dropZone = this.page.getByTestId("image-drop-zone");
  readonly problems = this.page.locator("#image_urls-problems");

  /** Buffers, or paths for big files (a path is handed to the browser without copying it over the wire). */
  async upload(...files: ({ name: string; mimeType: string; buffer: Buffer } | string)[]) {
    await this.hydrated();
    await this.files.setInputFiles(files as never);
  }

  /**
   * An event fired before React hydrates the list has no listener and is lost: a person cannot
   * act that fast, a test on a loaded machine can (goto returns at "load", hydration goes on after).
   */
  private async hydrated() {
    await expect(this.files.locator("xpath=ancestor::*[@data-paste-ready]")).toHaveCount(1);
  }

  /** The names in the thumbnails' alt texts, in order. */
  async order(): Promise<string[]> {
    return this.thumbnails
      .locator("img")
      .evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).alt.replace(/^Reference image \d+: /, "")));
  }

  /** Fires a real paste (or drop) event carrying files, as the browser does for the clipboard. */
  async dispatchFiles(event: "paste" | "drop", files: { name: string; mimeType: string; base64: string }[]) {
    await this.hydrated();
    const target = event === "drop" ? this.dropZone : this.page.locator("body");
    await target.evaluate(
      (el, { event, files }) => {
        const transfer = new DataTransfer();
        for (const f of files)
          transfer.items.add(
            new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.mimeType }),
          );
        const init = { bubbles: true, cancelable: true } as const;
        const e =
          event === "paste"
            ? new ClipboardEvent("paste", { ...init, clipboardData: transfer })
            : new DragEvent("drop", { ...init, dataTransfer: transfer });
        (event === "paste" ? document : el).dispatchEvent(e);
      },
      { event, files },
    );
  }
}

export class CharacterClipPanel extends PageObject {
  readonly section = this.page.locator("summary", { hasText: "Character" });
  readonly url = this.page.getByLabel("Character clip URL");
  readonly file = this.page.getByLabel("Character clip file");
  readonly preview = this.page.getByTestId("character-preview");
  readonly startHandle = this.page.getByRole("slider", { name: "Clip start" });
  readonly endHandle = this.page.getByRole("slider", { name: "Clip end" });
  readonly start = this.page.getByLabel("Start (s)");
  readonly end = this.page.getByLabel("End (s)");
  readonly span = this.page.getByTestId("character-span");

  async open() {
    if ((await this.url.count()) === 0 || !(await this.url.isVisible())) await this.section.click();
  }

  error(field: "character_url" | "character_start" | "character_end") {
    return this.page.locator(`#${field}-error`);
  }

  /** Drags a handle with the mouse to `seconds` on a timeline of `length` seconds. */
  async drag(handle: Locator, seconds: number, length: number) {
    const box = await handle.boundingBox();
    if (!box) throw new Error("the slider is not visible");
    const value = Number(await handle.inputValue());
    // Native range thumbs sit inside the track inset by half their width (6 px).
    const inset = 6;
    const x = (s: number) => box.x + inset + ((box.width - 2 * inset) * s) / length;
    await this.page.mouse.move(x(value), box.y + box.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(x(seconds), box.y + box.height / 2, { steps: 8 });
    await this.page.mouse.up();
  }

  async loaded() {
    await expect(this.span).toBeVisible();
  }
}
