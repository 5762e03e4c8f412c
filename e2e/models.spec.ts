import { expect, test } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";

// Every AceData video service from the composer: a service, then its model, then only that
// model's fields; a switch says what it changed; a model's own rule shows at its field; and a
// request made on another service reaches the gallery.

const unique = () => Date.now().toString(36);

test("a model switch keeps what fits, says what it changed, and shows only the new model's fields", async ({
  page,
}) => {
  const studio = new StudioPage(page);
  await studio.open();
  await studio.prompt.fill(`Switching ${unique()}`);
  await studio.choose("Model", "sora-2-pro");
  await studio.choose("Duration", "25 s");
  await studio.choose("Orientation", "Portrait");

  await studio.choose("Service", "Kling");
  await expect(studio.option("Model", "kling-v2-6")).toBeChecked();
  const note = page.getByTestId("switch-note");
  await expect(note).toHaveText("Switched to kling-v2-6: length 25 s → 5 s.");
  await expect(studio.option("Duration", "5 s")).toBeChecked();
  // Sora's portrait became the aspect ratio that says the same.
  await expect(studio.option("Aspect ratio", "9:16")).toBeChecked();
  await expect(studio.group("Size")).toHaveCount(0);
  await expect(studio.group("Orientation")).toHaveCount(0);
  await expect(page.getByText("First frame (optional)")).toBeVisible();
  await expect(page.getByTestId("model-facts")).toHaveText("5 / 10 s · first frame · last frame · sound");

  // A fixed length is said as such.
  await studio.choose("Service", "Veo");
  await expect(page.getByTestId("fixed-length")).toHaveText("Every veo3-fast clip is 8 s long.");
  await expect(note).toContainText("length 5 s → 8 s");

  // Back to Sora: its model as it was left, its own fields again, the shape carried back.
  await studio.choose("Service", "Sora");
  await expect(studio.option("Model", "sora-2-pro")).toBeChecked();
  await expect(studio.option("Orientation", "Portrait")).toBeChecked();
  await expect(studio.group("Size")).toBeVisible();
});

test("a model's own rule is named at its field as you choose, and Generate sends nothing until it holds", async ({
  page,
}) => {
  const studio = new StudioPage(page);
  await studio.open();
  const prompt = `Sound needs pro ${unique()}`;
  await studio.prompt.fill(prompt);
  await studio.choose("Service", "Kling");
  await page.getByText("More settings").click();
  await page.getByLabel("Sound", { exact: true }).selectOption("on");
  const soundError = page.locator("#sound-error");
  await expect(soundError).toHaveText(/Sound on kling-v2-6 needs the pro mode/);
  await studio.generate.click();
  await expect(page.getByLabel("Sound", { exact: true })).toBeFocused();
  await expect(studio.cardFor(prompt)).toHaveCount(0);

  await studio.choose("Resolution", "Pro");
  await expect(soundError).toHaveCount(0);
  await page.getByText("Request preview").click();
  const preview = page.getByTestId("request-json");
  await expect(preview).toContainText('"mode": "pro"');
  await expect(preview).toContainText('"generate_audio": true');
  await studio.generate.click();
  await expect(studio.cardFor(prompt)).toHaveCount(1);
});
