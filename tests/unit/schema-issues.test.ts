import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import type { Locale } from "@/lib/i18n/config";
import { messagesFor } from "@/lib/i18n/messages";
import { issueKey, issueText, type SchemaIssue } from "@/lib/i18n/schema-issues";
import { generationSchema } from "@/lib/schemas/generation";

// The shared schema's rules read in the browser's language; the API keeps its English.

const t = (locale: Locale) => createTranslator({ locale, messages: messagesFor(locale), namespace: "schema" });
const valid = { prompt: "A fox", model: "sora-2", size: "small", duration: 10, orientation: "landscape" };
const issues = (input: object) => generationSchema.safeParse(input).error?.issues ?? [];

describe("issueText", () => {
  it("translates built-in checks of the real schema by field and code, with their numbers", () => {
    const [empty] = issues({ ...valid, prompt: "" });
    expect(empty && issueKey(empty)).toBe("prompt.too_small");
    expect(empty && issueText(empty, t("zh-CN"))).toBe("请填写提示词");
    expect(empty && issueText(empty, t("en"))).toBe(empty?.message);

    const [tooMany] = issues({
      ...valid,
      image_urls: Array.from({ length: 9 }, (_, i) => `https://example.com/${i}.png`),
    });
    expect(tooMany && issueText(tooMany, t("zh-CN"))).toMatch(/^参考图最多 \d+ 张$/);
    expect(tooMany && issueText(tooMany, t("en"))).toBe(tooMany?.message);
  });

  it("translates a custom rule named by params.i18n, with its params", () => {
    const issue: SchemaIssue = {
      code: "custom",
      path: ["character_end"],
      message: "The character span must be 1–3 s (it is 5 s)",
      params: { i18n: "character.span", min: 1, max: 3, span: 5 },
    };
    expect(issueText(issue, t("en"))).toBe(issue.message);
    expect(issueText(issue, t("zh-CN"))).toBe("角色片段长度须为 1–3 秒（当前为 5 秒）");
  });

  it("falls back to the schema's English for a rule without a translation", () => {
    const issue: SchemaIssue = {
      code: "custom",
      path: ["image_urls", 0],
      message: "A reference image must be an https:// URL",
    };
    expect(issueKey(issue)).toBe("image_urls.custom");
    expect(issueText(issue, t("zh-CN"))).toBe(issue.message);
  });
});
