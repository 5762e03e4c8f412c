import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SseClient } from "../support/sse";
import { startStudio, waitFor, type Studio } from "../support/studio";

// A stop signal (a deploy, `docker stop`) ends the studio promptly even with event streams
// open: `next start` waits for every open request before it exits, and a stream would
// otherwise hold it for SSE_MAX_STREAM_MS (here an hour) until the supervisor kills it.

let studio: Studio;
beforeAll(async () => {
  studio = await startStudio({ SSE_MAX_STREAM_MS: String(3600_000), SSE_HEARTBEAT_MS: "500" });
});
afterAll(async () => studio?.stop("SIGKILL"));

describe("SIGTERM with streams open", () => {
  it("ends every event stream, asking the browser to come back soon, and the process exits", async () => {
    const feeds = await Promise.all([
      SseClient.open(`${studio.url}/api/events`),
      SseClient.open(`${studio.url}/api/events`),
    ]);
    for (const feed of feeds) await feed.next((f) => f.event === "ready");
    const exited = studio.stop("SIGTERM").then(() => "exited");
    const outcome = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(() => resolve("still running after 20 s"), 20_000)),
    ]);
    expect(outcome).toBe("exited");
    for (const feed of feeds) {
      // Ended by the server, not cut off (a cut connection is an error, never `ended`).
      await waitFor("the stream's end", async () => feed.ended || undefined, 5_000);
      // The last frame is the short retry: the browser reconnects at once (to the next process).
      expect(feed.frames.at(-1)?.event).toBe("retry");
    }
  });
});
