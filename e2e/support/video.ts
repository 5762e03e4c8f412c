import type { Locator } from "@playwright/test";

/** Plays a video element, muted (the browser may refuse to start one with sound that no user clicked). */
export function playMuted(video: Locator): Promise<void> {
  return video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
}

/** One of a video element's numbers, as the page has it now. */
export function videoNumber(video: Locator, key: "currentTime" | "readyState"): Promise<number> {
  return video.evaluate((v: HTMLVideoElement, k) => v[k], key);
}
