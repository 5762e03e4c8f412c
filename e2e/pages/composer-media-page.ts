import { expect, type Locator, type Page } from "@playwright/test";

/** The composer's reference images and character clip builder, by what a user sees. */
export class ReferenceImagesPanel {
  readonly files: Locator;
  readonly urlInput: Locator;
  readonly addUrl: Locator;
  readonly thumbnails: Locator;
  readonly dropZone: Locator;
  readonly problems: Locator;

  constructor(readonly page: Page) {
    this.files = page.getByLabel("Reference image files");
    this.urlInput = page.getByLabel("Reference image URL");
    this.addUrl = page.getByRole("button", { name: "Add URL" });
    this.thumbnails = page.getByTestId("reference-image");
    this.dropZone = page.getByTestId("image-drop-zone");
    this.problems = page.locator("#image_urls-problems");
  }

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

export class CharacterClipPanel {
  readonly section: Locator;
  readonly url: Locator;
  readonly file: Locator;
  readonly preview: Locator;
  readonly startHandle: Locator;
  readonly endHandle: Locator;
  readonly start: Locator;
  readonly end: Locator;
  readonly span: Locator;

  constructor(readonly page: Page) {
    this.section = page.locator("summary", { hasText: "Character" });
    this.url = page.getByLabel("Character clip URL");
    this.file = page.getByLabel("Character clip file");
    this.preview = page.getByTestId("character-preview");
    this.startHandle = page.getByRole("slider", { name: "Clip start" });
    this.endHandle = page.getByRole("slider", { name: "Clip end" });
    this.start = page.getByLabel("Start (s)");
    this.end = page.getByLabel("End (s)");
    this.span = page.getByTestId("character-span");
  }

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
