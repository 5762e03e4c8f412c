import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import { archiveText, archiveView, timeLeft } from "@/components/task/archive-status";
import { messagesFor } from "@/lib/i18n/messages";
import type { Locale } from "@/lib/i18n/config";
import type { TaskVideo } from "@/lib/schemas/task";
import { formatBytes } from "@/lib/shared/bytes";

// The line under a finished video in the gallery: archived with its size, or how long the
// provider's link has left, or that it is gone; in the reader's language.

const now = Date.parse("2026-03-01T12:00:00Z");
const video = (over: Partial<TaskVideo>): TaskVideo => ({
  id: "v",
  url: "/api/media/v",
  expiresAt: null,
  archived: false,
  size: null,
  archiveError: null,
  posterUrl: null,
  ...over,
});
const inMs = (ms: number) => new Date(now + ms).toISOString();

function line(v: TaskVideo, locale: Locale = "en") {
  const messages = messagesFor(locale);
  const view = archiveView(v, now);
  const t = createTranslator({ locale, messages, namespace: "gallery" });
  const tTask = createTranslator({ locale, messages, namespace: "task" });
  return { ...archiveText(view, t, tTask, locale), tone: view.tone };
}

describe("the archive line", () => {
  it("says archived, with the size people read", () => {
    expect(line(video({ archived: true, size: 12_345_678 }))).toEqual({
      text: "Archived · 12.3 MB",
      detail: null,
      tone: "muted",
    });
    expect(line(video({ archived: true, size: null })).text).toBe("Archived");
    expect(line(video({ archived: true, size: 12_345_678 }), "zh-CN").text).toBe("已归档 · 12.3 MB");
  });

  it("before archiving, says how long the provider's link has left", () => {
    expect(line(video({ expiresAt: inMs(5 * 24 * 3600_000 + 60_000) })).text).toBe(
      "Not archived yet · link expires in 5 days",
    );
    expect(line(video({ expiresAt: inMs(3 * 3600_000 + 5) })).text).toBe("Not archived yet · link expires in 3 hours");
    expect(line(video({ expiresAt: null })).text).toBe("Not archived yet");
    expect(line(video({ expiresAt: inMs(5 * 24 * 3600_000 + 60_000) }), "zh-CN").text).toBe(
      "尚未归档 · 链接将在 5 天后过期",
    );
  });

  it("shows the last archive error as the server gave it, and warns once the link has expired", () => {
    const failing = video({ expiresAt: inMs(90_000), archiveError: "The download broke off after 30.0 KB." });
    expect(line(failing)).toEqual({
      text: "Not archived yet · link expires in 1 minute",
      detail: "Last attempt: The download broke off after 30.0 KB.",
      tone: "muted",
    });
    expect(line(failing, "zh-CN").detail).toBe("上次尝试：The download broke off after 30.0 KB.");
    expect(line(video({ expiresAt: inMs(-1) }))).toEqual({
      text: "Not archived · the provider's link has expired",
      detail: null,
      tone: "warn",
    });
  });
});

describe("timeLeft and formatBytes", () => {
  it("reads like a person would say it", () => {
    const t = createTranslator({ locale: "en", messages: messagesFor("en"), namespace: "task" });
    const say = (ms: number) => {
      const left = timeLeft(ms);
      return t(`timeLeft.${left.key}`, { count: left.count ?? 0 });
    };
    expect(
      [2 * 86_400_000, 47 * 3_600_000, 2 * 3_600_000, 119 * 60_000, 2 * 60_000, 60_000, 59_000, -5].map(say),
    ).toEqual([
      "2 days",
      "47 hours",
      "2 hours",
      "119 minutes",
      "2 minutes",
      "1 minute",
      "less than a minute",
      "less than a minute",
    ]);
    expect([0, 999, 1000, 378_004, 12_345_678, 209_715_200, 4 * 1024 ** 3].map((n) => formatBytes(n))).toEqual([
      "0 B",
      "999 B",
      "1 KB",
      "378 KB",
      "12.3 MB",
      "210 MB",
      "4.3 GB",
    ]);
  });

  it("writes the number the way the locale does", () => {
    expect(formatBytes(50_000_000)).toBe("50 MB");
    expect(formatBytes(1_234_567, "de")).toBe("1,2 MB");
    expect(formatBytes(1_234_567, "zh-CN")).toBe("1.2 MB");
  });
});
