import { expect } from "@playwright/test";
import { PageObject } from "./page-object";

/** Page object of the studio's main workspace: tests speak in labels a user sees. */
export class StudioPage extends PageObject {
  // The composer in either language (the language spec drives it in Chinese).
  readonly prompt = this.page.getByLabel(/^(Prompt|提示词)$/);
  readonly generate = this.page.getByRole("button", { name: /^(Generate|生成)$/ });
  readonly cards = this.page.getByTestId("task-card");

  async open() {
    await this.page.goto("/");
    await expect(this.page.getByRole("heading", { name: /^(New video|新视频)$/ })).toBeVisible();
  }

  group(name: string) {
    return this.page.getByRole("group", { name });
  }

  async choose(group: string, option: string) {
    await this.group(group).getByLabel(option, { exact: true }).check({ force: true });
  }

  option(group: string, option: string) {
    return this.group(group).getByLabel(option, { exact: true });
  }

  cardFor(prompt: string) {
    return this.cards.filter({ hasText: prompt });
  }
}
