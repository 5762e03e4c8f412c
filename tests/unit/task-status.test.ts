import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import { formatElapsed, statusView } from "@/components/task/task-status";
import type { Locale } from "@/lib/i18n/config";
import { messagesFor } from "@/lib/i18n/messages";
import type { Task } from "@/lib/schemas/task";
import { makeTask } from "../support/task-fixture";

// What a card says about its task's state and clock, in both languages. A reason the server
// gave (a retry's, a failure's) is shown as given.

const task = (over: Partial<Task>): Task => makeTask(over);

function says(t: Task, locale: Locale) {
  const tt = createTranslator({ locale, messages: messagesFor(locale), namespace: "task" });
  const view = statusView(t);
  return { label: tt(`status.${view.key}.label`), detail: view.reason ?? tt(`status.${view.key}.detail`) };
}

describe("statusView", () => {
  it("names each state in words, in English and Chinese", () => {
    expect(says(task({ state: "processing" }), "en")).toEqual({
      label: "Rendering",
      detail: "The video is being generated.",
    });
    expect(says(task({ state: "processing" }), "zh-CN")).toEqual({ label: "生成中", detail: "视频正在生成。" });
    expect(says(task({ state: "queued" }), "en").label).toBe("Queued");
    expect(says(task({ state: "succeeded" }), "zh-CN").label).toBe("已完成");
  });

  it("keeps the server's reason for a retry or a failure", () => {
    const error = { code: "moderation", message: "The prompt was rejected by moderation." };
    expect(says(task({ state: "queued", error }), "zh-CN")).toEqual({ label: "重试中", detail: error.message });
    expect(says(task({ state: "failed", error }), "en")).toEqual({ label: "Failed", detail: error.message });
    expect(says(task({ state: "failed" }), "zh-CN").detail).toBe("任务失败。");
  });
});

describe("formatElapsed", () => {
  it("shows seconds under a minute, m:ss from then on", () => {
    const en = createTranslator({ locale: "en", messages: messagesFor("en"), namespace: "task" });
    const zh = createTranslator({ locale: "zh-CN", messages: messagesFor("zh-CN"), namespace: "task" });
    expect([0, 42_400, 60_000, 65_000, 3_725_000, -10].map((ms) => formatElapsed(ms, en))).toEqual([
      "0 s",
      "42 s",
      "1:00",
      "1:05",
      "62:05",
      "0 s",
    ]);
    expect(formatElapsed(42_000, zh)).toBe("42 秒");
  });
});
