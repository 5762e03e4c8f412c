import { expect } from "@playwright/test";
import { PageObject } from "./page-object";

const LANGUAGES = { English: "en", 简体中文: "zh-CN" } as const;
export type Language = keyof typeof LANGUAGES;

/** Page object of the header's language switcher; its group is named in the page's language. */
export class LanguageSwitcher extends PageObject {
  readonly group = this.page.getByRole("group", { name: /^(Language|语言)$/ });

  button(language: Language) {
    return this.group.getByRole("button", { name: language, exact: true });
  }

  /** Waits until the page has re-rendered in that language, not just until the click. */
  async expectLanguage(language: Language) {
    await expect(this.page.locator("html")).toHaveAttribute("lang", LANGUAGES[language]);
    await expect(this.button(language)).toHaveAttribute("aria-pressed", "true");
  }

  async choose(language: Language) {
    await this.button(language).click();
    await this.expectLanguage(language);
  }
}
