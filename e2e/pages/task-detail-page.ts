import { expect } from "@playwright/test";
import { PageObject } from "./page-object";

/** Page object of a task's detail drawer (`?task=<id>` on the studio page). */
export class TaskDetailPage extends PageObject {
  readonly drawer = this.page.getByTestId("task-drawer");
  readonly detail = this.page.getByTestId("task-detail");
  readonly tagInput = this.drawer.getByLabel("Tags", { exact: true });
  readonly notes = this.drawer.getByLabel("Notes", { exact: true });

  /** Opens the detail from the gallery card with this prompt. */
  async openFromCard(prompt: string) {
    await this.page.getByRole("button", { name: `Details of the task: ${prompt.slice(0, 80)}` }).click();
    await expect(this.detail).toBeVisible();
  }

  button(name: string | RegExp) {
    return this.drawer.getByRole("button", { name, exact: typeof name === "string" ? true : undefined });
  }

  fact(testId: string) {
    return this.drawer.getByTestId(testId);
  }

  tags() {
    return this.drawer
      .getByTestId("detail-tags")
      .getByRole("listitem")
      .evaluateAll((items) => items.map((li) => li.firstChild?.textContent?.trim() ?? ""));
  }
}
