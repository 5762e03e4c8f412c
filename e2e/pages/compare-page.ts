import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";

/** Page object of /compare: the players, their one set of controls, ratings and the request fields. */
export class ComparePage {
  readonly videos: Locator;
  readonly controls: Locator;
  readonly playPause: Locator;
  readonly scrubber: Locator;
  readonly loop: Locator;
  readonly fields: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.videos = page.getByTestId("compare-video");
    this.controls = page.getByRole("group", { name: "Playback of all videos" });
    this.playPause = this.controls.getByRole("button", { name: /^(Play|Pause|Loading…)$/ });
    this.scrubber = page.getByRole("slider", { name: "Position" });
    this.loop = this.controls.getByLabel("Loop");
    this.fields = page.getByTestId("compare-fields");
    this.notice = page.getByTestId("compare-notice");
  }

  async open(ids: string[]) {
    await this.page.goto(`/compare?ids=${ids.join(",")}`);
    await expect(this.page.getByRole("heading", { name: "Compare", level: 2 })).toBeVisible();
  }

  slot(letter: string) {
    return this.page.locator(`[data-testid="compare-slot"][data-letter="${letter}"]`);
  }

  rating(letter: string) {
    return this.page.getByRole("radiogroup", { name: `Rating of video ${letter}` });
  }

  speed(value: number) {
    return this.controls.getByRole("group", { name: "Speed" }).getByRole("button", { name: `${value}×` });
  }

  fieldRow(field: string) {
    return this.fields.locator(`tr[data-field="${field}"]`);
  }

  /** Every player's currentTime, read in one go. */
  times(): Promise<number[]> {
    return this.videos.evaluateAll((videos) => videos.map((v) => (v as HTMLVideoElement).currentTime));
  }

  rates(): Promise<number[]> {
    return this.videos.evaluateAll((videos) => videos.map((v) => (v as HTMLVideoElement).playbackRate));
  }

  paused(): Promise<boolean[]> {
    return this.videos.evaluateAll((videos) => videos.map((v) => (v as HTMLVideoElement).paused));
  }

  /** Waits until every player has its length and can play. */
  async ready(count: number) {
    await expect(this.videos).toHaveCount(count);
    await expect
      .poll(
        () =>
          this.videos.evaluateAll((videos) =>
            videos.every(
              (v) => (v as HTMLVideoElement).readyState >= 3 && Number.isFinite((v as HTMLVideoElement).duration),
            ),
          ),
        { timeout: 20_000 },
      )
      .toBe(true);
    await expect(this.playPause).toBeEnabled();
  }
}

/** Submits a task straight to the API (as gallery-view.spec.ts does) and returns its id. */
export async function makeTask(
  request: APIRequestContext,
  prompt: string,
  over: Record<string, unknown> = {},
): Promise<string> {
  const res = await request.post("/api/videos", {
    data: { prompt, model: "sora-2", size: "small", duration: 10, orientation: "landscape", ...over },
  });
  expect(res.status(), await res.text()).toBe(202);
  return ((await res.json()) as { task: { id: string } }).task.id;
}

/** Waits until every one of these tasks has succeeded. */
export async function untilSucceeded(request: APIRequestContext, ids: string[]) {
  await expect
    .poll(
      async () => {
        const states = await Promise.all(
          ids.map(
            async (id) =>
              ((await (await request.get(`/api/tasks/${id}`)).json()) as { task: { state: string } }).task.state,
          ),
        );
        return states.every((s) => s === "succeeded");
      },
      { timeout: 60_000, intervals: [500] },
    )
    .toBe(true);
}
