import { describe, expect, it } from "vitest";
import { parseDraft } from "@/components/composer/draft";
import { composerDefaults } from "@/components/composer/form-values";

describe("parseDraft", () => {
  it("restores a well-formed draft exactly", () => {
    const draft = {
      ...composerDefaults,
      prompt: "p",
      model: "sora-2-pro",
      duration: "25",
      image_urls: ["https://x/a.png"],
    };
    expect(parseDraft(draft)).toEqual(draft);
  });

  it("ignores what is not a draft, field by field, keeping the defaults", () => {
    expect(parseDraft(null)).toBeUndefined();
    expect(parseDraft("text")).toBeUndefined();
    expect(parseDraft({ prompt: 7, model: "sora-2-pro", image_urls: [1, 2], extra: "x" })).toEqual({
      ...composerDefaults,
      model: "sora-2-pro",
    });
  });
});
