import { describe, expect, it } from "vitest";
import { archiveView, formatTimeLeft } from "@/components/gallery/archive-status";
import type { TaskVideo } from "@/lib/schemas/task";
import { formatBytes } from "@/lib/shared/bytes";

// The line under a finished video in the gallery: archived with its size, or how long the
// provider's link has left, or that it is gone.

const now = Date.parse("2026-03-01T12:00:00Z");
const video = (over: Partial<TaskVideo>): TaskVideo => ({ id: "v", url: "/api/media/v", expiresAt: null, archived: false, size: null, archiveError: null, ...over });
const inMs = (ms: number) => new Date(now + ms).toISOString();

describe("archiveView", () => {
  it("says archived, with the size people read", () => {
    expect(archiveView(video({ archived: true, size: 12_345_678 }), now)).toEqual({ text: "Archived · 12.3 MB", detail: null, tone: "muted" });
    expect(archiveView(video({ archived: true, size: null }), now).text).toBe("Archived");
  });

  it("before archiving, says how long the provider's link has left", () => {
    expect(archiveView(video({ expiresAt: inMs(5 * 24 * 3600_000 + 60_000) }), now).text).toBe("Not archived yet · link expires in 5 days");
    expect(archiveView(video({ expiresAt: inMs(3 * 3600_000 + 5) }), now).text).toBe("Not archived yet · link expires in 3 hours");
    expect(archiveView(video({ expiresAt: null }), now).text).toBe("Not archived yet");
  });

  it("shows the last archive error, and warns once the link has expired", () => {
    const failing = archiveView(video({ expiresAt: inMs(90_000), archiveError: "The download broke off after 30.0 KB." }), now);
    expect(failing).toEqual({ text: "Not archived yet · link expires in 1 minute", detail: "Last attempt: The download broke off after 30.0 KB.", tone: "muted" });
    expect(archiveView(video({ expiresAt: inMs(-1) }), now)).toEqual({ text: "Not archived · the provider's link has expired", detail: null, tone: "warn" });
  });
});

describe("formatTimeLeft and formatBytes", () => {
  it("reads like a person would say it", () => {
    expect([2 * 86_400_000, 47 * 3_600_000, 2 * 3_600_000, 119 * 60_000, 2 * 60_000, 60_000, 59_000, -5].map(formatTimeLeft)).toEqual([
      "2 days",
      "47 hours",
      "2 hours",
      "119 minutes",
      "2 minutes",
      "1 minute",
      "less than a minute",
      "less than a minute",
    ]);
    expect([0, 999, 1000, 378_004, 12_345_678, 209_715_200, 4 * 1024 ** 3].map(formatBytes)).toEqual(["0 B", "999 B", "1 KB", "378 KB", "12.3 MB", "210 MB", "4.3 GB"]);
    expect(formatBytes(50_000_000)).toBe("50 MB");
  });
});
