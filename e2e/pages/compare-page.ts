import { expect } from "@playwright/test";
import { PageObject } from "./page-object";

/** Page object of /compare: the players, their one set of controls, ratings and the request fields. */
export class ComparePage extends PageObject {
  readonly videos = this.page.getByTestId("compare-video");
  readonly controls = this.page.getByRole("group", { name: "Playback of all videos" });
  readonly playPause = this.controls.getByRole("button", { name: /^(Play|Pause|Loading…)$/ });
  readonly scrubber = this.page.getByRole("slider", { name: "Position" });
  readonly loop = this.controls.getByLabel("Loop");
  readonly fields = this.page.getByTestId("compare-fields");
  readonly notice = this.page.getByTestId("compare-notice");

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
