import { expect, test, type APIRequestContext, type Locator } from "@playwright/test";
import fs from "node:fs";
import sharp from "sharp";
import { PageObject } from "./pages/page-object";

// Issue 8 in the browser: a 3-shot board built from nothing, reordered by keyboard and by drag
// (and the order kept after a reload), generated with continuity between shots, previewed as
// one film across the cut, and exported on the server with its progress shown.

class BoardPage extends PageObject {
  shots(): Locator {
    return this.page.getByTestId("shot");
  }
  prompt(n: number): Locator {
    return this.page.getByLabel(`Prompt of shot ${n}`);
  }
  async prompts(): Promise<string[]> {
    return this.shots()
      .locator("textarea")
      .evaluateAll((areas) => areas.map((a) => (a as HTMLTextAreaElement).value));
  }
  handle(n: number): Locator {
    return this.page.getByRole("button", { name: `Drag to reorder shot ${n}; or press Alt+↑ / Alt+↓` });
  }
  async saved() {
    await expect(this.page.getByText("All changes saved")).toBeVisible();
  }
}

/** Creates a board through the API and returns its id. */
async function createBoard(request: APIRequestContext, title: string): Promise<string> {
  const created = (await (await request.post("/api/boards", { data: { title } })).json()) as { board: { id: string } };
  return created.board.id;
}

type Take = { request: { image_urls?: string[] } & Record<string, unknown> };
/** The board as the API shows it: its shots and each shot's takes. */
type BoardView = { board: { shots: { id: string }[] }; takes: Record<string, Take[]> };

async function boardView(request: APIRequestContext, id: string): Promise<BoardView> {
  return (await (await request.get(`/api/boards/${id}`)).json()) as BoardView;
}

/** Every take of every shot of the board. */
async function allTakes(request: APIRequestContext, id: string): Promise<Take[]> {
  return Object.values((await boardView(request, id)).takes).flat();
}

test("a 3-shot board: built, reordered by keyboard and drag, generated with continuity, previewed across cuts and exported with progress", async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const board = new BoardPage(page);
  const title = `Paper boat ${Date.now().toString(36)}`;
  await page.goto("/storyboard");
  await page.getByLabel("Title of a new storyboard").fill(title);
  await page.getByRole("button", { name: "New storyboard" }).click();
  await expect(page).toHaveURL(/\/storyboard\/[0-9a-f-]{36}$/);
  await expect(page.getByLabel("Storyboard title")).toHaveValue(title);

  await board.prompt(1).fill("A paper boat on a puddle");
  await page.getByRole("button", { name: "+ Add a shot" }).click();
  await board.prompt(2).fill("The boat reaches the sea");
  await page.getByRole("button", { name: "+ Add a shot" }).click();
  await board.prompt(3).fill("The boat drifts into a gutter");
  await expect(board.shots()).toHaveCount(3);

  // Keyboard: shot 3 moves up one place with Alt+↑ on its handle, and the move is announced.
  await board.handle(3).focus();
  await page.keyboard.press("Alt+ArrowUp");
  expect(await board.prompts()).toEqual([
    "A paper boat on a puddle",
    "The boat drifts into a gutter",
    "The boat reaches the sea",
  ]);
  await expect(page.getByText("Shot moved to position 2 of 3.")).toBeAttached();
  // Drag: shot 1 dropped onto shot 2 takes its place. (Both in view: headless Chromium drops
  // nothing outside its window, which a drag that scrolls can leave.)
  await board.handle(1).dragTo(board.shots().nth(1));
  expect(await board.prompts()).toEqual([
    "The boat drifts into a gutter",
    "A paper boat on a puddle",
    "The boat reaches the sea",
  ]);
  // And back by the buttons, so the story reads in order.
  await page.getByRole("button", { name: "Move up (Shot 2)" }).click();
  await page.getByRole("button", { name: "Move down (Shot 1)" }).click();
  await page.getByRole("button", { name: "Move up (Shot 2)" }).click();
  expect(await board.prompts()).toEqual([
    "A paper boat on a puddle",
    "The boat drifts into a gutter",
    "The boat reaches the sea",
  ]);
  await board.saved();
  await page.reload();
  await expect(board.prompt(1)).toHaveValue("A paper boat on a puddle");
  expect(await board.prompts()).toEqual([
    "A paper boat on a puddle",
    "The boat drifts into a gutter",
    "The boat reaches the sea",
  ]);

  // Continuity: shots 2 and 3 continue from the shot before; a crossfade makes the export encode.
  for (const shot of [1, 2]) await board.shots().nth(shot).getByLabel("Continue from the previous shot").check();
  await page.getByLabel("Crossfade between shots").selectOption("0.5");
  await board.saved();
  await page.getByRole("button", { name: "Generate all shots" }).click();
  await expect(page.getByText("1 shot started; 2 wait for the shot before them.")).toBeVisible();
  await expect(board.shots().nth(1).getByText("Waiting for shot 1 to finish")).toBeVisible();
  for (let i = 0; i < 3; i++) await expect(board.shots().nth(i).getByText("Ready")).toBeVisible({ timeout: 90_000 });

  // Shots 2 and 3 were generated with the last frame of the shot before as their first image.
  const id = page.url().split("/").pop() as string;
  const view = await boardView(request, id);
  const [, second, third] = view.board.shots;
  for (const shot of [second, third])
    expect(view.takes[shot!.id]![0]!.request.image_urls?.[0]).toMatch(/^\/api\/uploads\/[0-9a-f]{32}$/);

  // The preview plays across the cut from shot 1 into shot 2 with the next shot already loaded.
  const preview = page.getByTestId("film-preview");
  await expect(page.getByText("29 s · 3 shots")).toBeVisible();
  await page.getByLabel("Position in the film").fill("8.5");
  await page.getByRole("button", { name: "Play" }).click();
  await expect(preview).toHaveAttribute("data-shot", "2", { timeout: 15_000 });
  await expect(preview).toHaveAttribute("data-switches", "1");
  await expect(preview).toHaveAttribute("data-unready-switches", "0");
  await page.getByRole("button", { name: "Pause" }).click();
  // Jumping from the timeline.
  await page.getByRole("button", { name: /^Jump to shot 3/ }).click();
  await expect(preview).toHaveAttribute("data-shot", "3");

  // Export: progress shows, then the film is ready to download, and it is a whole MP4.
  await page.getByRole("button", { name: "Export film" }).click();
  await expect(page.getByRole("progressbar", { name: "Film export progress" })).toBeVisible();
  await expect(page.getByText("The film is ready: 29 s, 3 shots.")).toBeVisible({ timeout: 90_000 });
  const download = page.getByRole("link", { name: "Download", exact: true });
  await expect(download).toHaveAttribute("download", /^paper-boat-.*\.mp4$/);
  const film = await request.get((await download.getAttribute("href")) as string);
  expect(film.headers()["content-type"]).toBe("video/mp4");
  expect((await film.body()).subarray(4, 8).toString("latin1")).toBe("ftyp");

  // The board is listed with its shots.
  await page.getByRole("link", { name: "← All storyboards" }).click();
  await expect(page.getByRole("link", { name: new RegExp(title) })).toContainText("3 shots");
});

test("a board shared as JSON opens as a new board with the same shots", async ({ page, request }) => {
  const boardId = await createBoard(request, "Shared board");
  const file = (await (await request.get(`/api/boards/${boardId}/file`)).json()) as {
    format: string;
    board: { shots: { prompt: string }[] };
  };
  expect(file.format).toBe("sora-studio.storyboard");
  file.board.shots[0]!.prompt = "A lighthouse in fog";
  await page.goto("/storyboard");
  await page.getByTestId("board-import-file").setInputFiles({
    name: "shared.storyboard.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(file)),
  });
  await expect(page).toHaveURL(/\/storyboard\/[0-9a-f-]{36}$/);
  expect(page.url()).not.toContain(boardId);
  await expect(page.getByLabel("Prompt of shot 1")).toHaveValue("A lighthouse in fog");
  // A file that is not a storyboard is refused in plain words, and nothing is created.
  await page.goto("/storyboard");
  await page.getByTestId("board-import-file").setInputFiles({
    name: "other.json",
    mimeType: "application/json",
    buffer: Buffer.from('{"format":"something-else"}'),
  });
  await expect(page.getByText(/^This is not a storyboard file/)).toBeVisible();
});

test("a shot's own reference images and the board's character clip (uploaded, with its span) go with the shot's request", async ({
  page,
  request,
}) => {
  const boardId = await createBoard(request, "Character board");
  const board = new BoardPage(page);
  await page.goto(`/storyboard/${boardId}`);
  await page.getByRole("button", { name: "Add a character clip" }).click();
  await page
    .getByLabel("Character clip file")
    .setInputFiles({ name: "wave.mp4", mimeType: "video/mp4", buffer: fs.readFileSync("tests/fixtures/clip-2s.mp4") });
  await expect(page.getByTestId("character-upload")).toContainText("wave.mp4");
  // The clip plays in the preview; its span starts as long as the clip allows, and past its end is named.
  await expect(page.getByTestId("character-span")).toHaveText("Using 0.0–2.0 s (2.0 s of 2.0 s)");
  await page.locator("#character_end").fill("2.5");
  await expect(page.locator("#character_end-error")).toContainText("The clip is 2.0 s long");
  await page.locator("#character_start").fill("0.5");
  await page.locator("#character_end").fill("1.8");
  await expect(page.getByTestId("character-span")).toHaveText("Using 0.5–1.8 s (1.3 s of 2.0 s)");

  await board.prompt(1).fill("The robot waves at the camera");
  await board.shots().first().getByLabel("Use the character clip").check();
  // A cleared span field is named, and Generate waits for a number rather than send the old one.
  await page.locator("#character_start").fill("");
  await expect(page.locator("#character_start-error")).toContainText("Enter a number of seconds");
  await page.getByRole("button", { name: "Generate all shots" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "Enter the character clip's start and end in seconds first." }),
  ).toBeVisible();
  expect(await allTakes(request, boardId)).toHaveLength(0);
  // A new number (not the old one typed back), so the request below shows it was taken.
  await page.locator("#character_start").fill("0.6");
  await expect(page.locator("#character_start-error")).toHaveCount(0);
  await expect(page.getByTestId("character-span")).toHaveText("Using 0.6–1.8 s (1.2 s of 2.0 s)");
  // The shot's own images, in the composer's image list, folded away until opened.
  const shot = board.shots().first();
  await shot.getByText("Reference images", { exact: true }).click();
  const images = shot.getByRole("region", { name: "Reference images of shot 1" });
  const red = await sharp({ create: { width: 320, height: 180, channels: 3, background: "#dc2626" } })
    .png()
    .toBuffer();
  await images
    .getByLabel("Reference image files")
    .setInputFiles({ name: "red.png", mimeType: "image/png", buffer: red });
  await expect(images.getByTestId("reference-image")).toHaveCount(1);
  await expect(shot.getByText("Reference images: 1")).toBeVisible();
  await board.saved();
  await page.reload();
  await expect(page.getByTestId("character-upload")).toBeVisible();
  await expect(page.locator("#character_start")).toHaveValue("0.6");
  await board.shots().first().getByRole("button", { name: "Generate", exact: true }).click();
  await expect(board.shots().first().getByText("Ready")).toBeVisible({ timeout: 60_000 });
  const view = await boardView(request, boardId);
  const sent = view.takes[view.board.shots[0]!.id]![0]!.request;
  expect(sent.character_url).toMatch(/^\/api\/uploads\/[0-9a-f]{32}$/);
  expect([sent.character_start, sent.character_end]).toEqual([0.6, 1.8]);
  expect(sent.image_urls).toEqual([expect.stringMatching(/^\/api\/uploads\/[0-9a-f]{32}$/)]);
});

test("a board that does not exist says so after one request: a 404 is not asked again", async ({ page }) => {
  const id = "00000000-0000-4000-8000-000000000000";
  const asked: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === `/api/boards/${id}`) asked.push(r.method());
  });
  await page.goto(`/storyboard/${id}`);
  await expect(page.getByText("The storyboard could not be loaded")).toBeVisible();
  await expect(page.getByText("Loading the storyboard…")).toHaveCount(0);
  // Asking again would get the same answer: no Try again, but the way back to the list.
  await expect(page.getByRole("button", { name: "Try again" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "← All storyboards" })).toBeVisible();
  // Three tries (the default for a failed read) kept the page on "Loading" for about 7 s.
  expect(asked).toEqual(["GET"]);
});

test("Generate refuses while a shot's image is still uploading, then sends it once it is in", async ({
  page,
  request,
}) => {
  const boardId = await createBoard(request, "Slow upload board");
  const board = new BoardPage(page);
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/uploads?purpose=reference", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/storyboard/${boardId}`);
  await board.prompt(1).fill("A kite over the dunes");
  const shot = board.shots().first();
  await shot.getByText("Reference images", { exact: true }).click();
  const blue = await sharp({ create: { width: 160, height: 90, channels: 3, background: "#2563eb" } })
    .png()
    .toBuffer();
  await shot
    .getByLabel("Reference image files")
    .setInputFiles({ name: "blue.png", mimeType: "image/png", buffer: blue });
  await expect(shot.getByText("Uploading…")).toBeVisible();
  await page.getByRole("button", { name: "Generate all shots" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wait until the images finish uploading." })).toBeVisible();
  const takes = () => allTakes(request, boardId);
  expect(await takes()).toHaveLength(0);
  release();
  await expect(shot.getByTestId("reference-image")).toHaveCount(1);
  await page.getByRole("button", { name: "Generate all shots" }).click();
  await expect(page.getByText("1 shot started.")).toBeVisible();
  expect((await takes())[0]?.request.image_urls).toEqual([expect.stringMatching(/^\/api\/uploads\/[0-9a-f]{32}$/)]);
});
