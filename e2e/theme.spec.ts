import { expect, test, type Page } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";

// Light, dark or system: the choice applies at once, survives a reload without a flash of the
// other theme, and "System" follows the operating system.

const bodyBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const isDark = (page: Page) => page.evaluate(() => document.documentElement.classList.contains("dark"));

test("the theme switcher picks light, dark or the system's, and remembers it", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  const studio = new StudioPage(page);
  await studio.open();
  const theme = page.getByRole("group", { name: "Theme" });
  await expect(theme.getByRole("button", { name: "System" })).toHaveAttribute("aria-pressed", "true");
  expect(await isDark(page)).toBe(false);
  const light = await bodyBackground(page);

  await theme.getByRole("button", { name: "Dark" }).click();
  await expect(theme.getByRole("button", { name: "Dark" })).toHaveAttribute("aria-pressed", "true");
  expect(await isDark(page)).toBe(true);
  expect(await bodyBackground(page)).not.toBe(light);

  // After a reload the page is dark from its first paint (the class is set before hydration).
  await page.reload({ waitUntil: "commit" });
  await page.waitForSelector("body");
  expect(await isDark(page)).toBe(true);
  await expect(page.getByRole("group", { name: "Theme" }).getByRole("button", { name: "Dark" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );

  await page.getByRole("group", { name: "Theme" }).getByRole("button", { name: "System" }).click();
  expect(await isDark(page)).toBe(false);
  await page.emulateMedia({ colorScheme: "dark" });
  await expect.poll(() => isDark(page)).toBe(true); // follows the system live

  await page.getByRole("group", { name: "Theme" }).getByRole("button", { name: "Light" }).click();
  expect(await isDark(page)).toBe(false);
  expect(await bodyBackground(page)).toBe(light);
});
