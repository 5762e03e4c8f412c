import { expect, test, type Page } from "@playwright/test";
import { LanguageSwitcher } from "./pages/language-switcher";
import { StudioPage } from "./pages/studio-page";

// English and Simplified Chinese: a Chinese browser gets Chinese at once; the switcher changes
// the language in place (without losing what is typed), remembers it, and works by keyboard.

test.use({ locale: "zh-CN" });

/** Opens the studio and waits until it speaks the browser's language, Chinese. */
async function openInChinese(page: Page) {
  const studio = new StudioPage(page);
  const language = new LanguageSwitcher(page);
  await studio.open();
  await language.expectLanguage("简体中文");
  return { studio, language };
}

test("a Chinese browser gets Chinese; the switcher changes language in place and remembers it", async ({ page }) => {
  const { studio, language } = await openInChinese(page);
  await expect(page).toHaveTitle("Sora 工作室");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Sora 工作室");
  await expect(page.getByRole("heading", { name: "画廊" })).toBeVisible();
  await expect(page.getByRole("group", { name: "主题" }).getByRole("button", { name: "跟随系统" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(page.getByTestId("live-state")).toHaveText("实时");

  // A task's card speaks Chinese too; the prompt stays as typed.
  const prompt = `雨后的竹林 ${Date.now()}`;
  await studio.prompt.fill(prompt);
  await studio.generate.click();
  const card = studio.cardFor(prompt);
  await expect(card).toHaveAttribute("data-state", "succeeded", { timeout: 30_000 });
  await expect(card.getByRole("status")).toHaveText(/已完成/);
  await expect(card.getByTestId("task-settings")).toContainText("横屏");
  await expect(card.getByRole("link", { name: "下载 MP4" })).toBeVisible();
  await expect(card.getByTestId("archive-status")).toHaveText(/已归档 · [\d.]+ (KB|MB)/, { timeout: 15_000 });

  // Switching keeps what is being typed: the page re-renders, it does not reload.
  const draft = `Half-written idea ${Date.now()}`;
  await studio.prompt.fill(draft);
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  await language.choose("English");
  expect(await page.evaluate(() => "sameDocument" in window)).toBe(true); // re-rendered, not reloaded
  await expect(page).toHaveTitle("Sora Studio");
  await expect(page.getByRole("heading", { name: "Gallery" })).toBeVisible();
  await expect(page.getByTestId("live-state")).toHaveText("Live");
  await expect(card.getByRole("status")).toHaveText(/Ready/);
  await expect(card.getByTestId("task-settings")).toContainText("landscape");
  await expect(studio.prompt).toHaveValue(draft);

  // The choice outlives a reload (a cookie), over the browser's zh-CN.
  await page.reload();
  await language.expectLanguage("English");
  await expect(page.getByRole("heading", { name: "Gallery" })).toBeVisible();

  await language.choose("简体中文");
  await expect(page.getByRole("heading", { name: "画廊" })).toBeVisible();
  await page.reload();
  await language.expectLanguage("简体中文");
  await expect(page.getByRole("heading", { name: "画廊" })).toBeVisible();
});

test("the composer speaks Chinese too: labels, choices, the schema's rules and the clip builder", async ({ page }) => {
  const { studio, language } = await openInChinese(page);
  await expect(page.getByRole("heading", { name: "新视频" })).toBeVisible();
  await expect(page.getByLabel("提示词", { exact: true })).toBeVisible();
  await expect(page.getByRole("group", { name: "方向" }).getByLabel("竖屏", { exact: true })).toBeAttached();
  await expect(page.getByText("25 秒需要 sora-2-pro。")).toBeVisible();
  // A rule of the shared schema, worded in Chinese at its field.
  await studio.prompt.fill("");
  await studio.generate.click();
  await expect(page.locator("#prompt-error")).toHaveText(/请填写提示词/);
  await page.locator("summary", { hasText: "角色" }).click();
  await page.getByLabel("开始（秒）").fill("2");
  await page.getByLabel("结束（秒）").fill("1");
  await expect(page.locator("#character_start-error")).toHaveText(/请先填写角色片段网址/);
  // The same rule in English after switching, without a reload.
  await language.choose("English");
  await expect(page.locator("#prompt-error")).toHaveText(/Write a prompt/);
  await expect(page.getByRole("heading", { name: "New video" })).toBeVisible();
});

test("the language switcher works by keyboard alone", async ({ page }) => {
  const { language } = await openInChinese(page);
  // The page links (Studio, Prompts, Compare, Storyboard), the theme buttons, then the language buttons, in reading order.
  for (let i = 0; i < 8; i++) await page.keyboard.press("Tab");
  await expect(language.button("English")).toBeFocused();
  await page.keyboard.press("Enter");
  await language.expectLanguage("English");
  await expect(page.getByRole("heading", { name: "Gallery" })).toBeVisible();
  // The page changed around the button: focus stays where the user is.
  await expect(language.button("English")).toBeFocused();

  await page.keyboard.press("Tab");
  await expect(language.button("简体中文")).toBeFocused();
  await page.keyboard.press("Space");
  await language.expectLanguage("简体中文");
  await expect(page.getByRole("heading", { name: "画廊" })).toBeVisible();
  await expect(language.button("简体中文")).toBeFocused();
});
