import type { Page } from "@playwright/test";

/**
 * What every page object holds: the page it reads. A page object declares its locators as
 * fields (`readonly prompt = this.page.getByLabel(…)`): a subclass's field initializers run
 * after this constructor, so `this.page` is already set, and each locator is named once.
 */
export abstract class PageObject {
  constructor(readonly page: Page) {}
}
