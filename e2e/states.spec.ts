import { expect, test } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";

// The states around the happy path: loading, a gallery that cannot load, a studio server that
// cannot be reached, and an upstream refusal. In each, the user's input stays where it was.

test("shows a skeleton while the gallery loads, then an error with a retry when it cannot", async ({ page }) => {
  let fail = true;
  await page.route("**/api/tasks?**", async (route) => {
    await new Promise((r) => setTimeout(r, 600));
    if (fail)
      await route.fulfill({
        status: 500,
        contentType: "application/json",
        body: JSON.stringify({
          error: { code: "internal_error", message: "Something went wrong on the studio's side (request x)." },
        }),
      });
    else await route.continue();
  });
  await page.goto("/");
  await expect(page.getByLabel("Loading the gallery")).toBeVisible();
  const alert = page.locator("section").getByRole("alert");
  await expect(alert).toContainText("The gallery could not be loaded.", { timeout: 20_000 });
  fail = false;
  await alert.getByRole("button", { name: "Try again" }).click();
  await expect(alert).toBeHidden();
  await expect(page.getByRole("heading", { name: "Gallery" })).toBeVisible();
});

test("says so in plain words when the studio server cannot be reached, keeping the prompt", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  await page.route("**/api/videos", (route) => route.abort("connectionrefused"));
  await studio.prompt.fill("Kept after a network failure");
  await studio.generate.click();
  await expect(page.getByTestId("composer-notice")).toContainText("could not be reached");
  await expect(studio.prompt).toHaveValue("Kept after a network failure");
});

test("an upstream refusal (balance used up) is explained, and the task is kept as failed", async ({
  page,
  request,
}) => {
  const armed = await request.post("/api/emulator/faults", {
    headers: { authorization: "Bearer e2e" },
    data: { faults: [{ on: "create", code: "used_up", times: 1 }] },
  });
  expect(armed.ok()).toBe(true);
  const studio = new StudioPage(page);
  await studio.open();
  const prompt = `No credit left ${Date.now()}`;
  await studio.prompt.fill(prompt);
  await studio.generate.click();
  await expect(page.getByTestId("composer-notice")).toContainText("balance is used up");
  await expect(page.getByTestId("composer-notice")).toHaveAttribute("role", "alert");
  await expect(studio.prompt).toHaveValue(prompt);
  const card = studio.cardFor(prompt);
  await expect(card).toHaveAttribute("data-state", "failed");
  await expect(card.getByRole("note")).toContainText("top it up");
});
