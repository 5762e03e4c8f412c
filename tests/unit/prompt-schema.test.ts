import { describe, expect, it } from "vitest";
import { toFieldIssues } from "@/lib/schemas/generation";
import {
  createPromptSchema,
  defaultPromptName,
  editPromptSchema,
  newVersionSchema,
  sameAsVersion,
} from "@/lib/schemas/prompt";

// The library's request bodies, both ways: what is accepted (and how it is normalised) and
// where each refusal is reported.

const paths = (schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : toFieldIssues(result.error as never).map((i) => i.path);
};

describe("createPromptSchema", () => {
  it("accepts a name and a text, trims them, and normalises tags", () => {
    expect(createPromptSchema.parse({ name: " Fox ", text: " a fox ", tags: ["B", " a ", "b"] })).toEqual({
      name: "Fox",
      text: "a fox",
      tags: ["a", "b"],
    });
    expect(
      createPromptSchema.parse({ name: "n".repeat(120), text: "t".repeat(4000), settings: null, note: "" }).name,
    ).toHaveLength(120);
  });

  it("names the field of every refusal", () => {
    const ok = { name: "ok", text: "x" };
    const settings = { model: "sora-2", size: "small", duration: 10, orientation: "landscape" };
    const refusals: [body: object, fields: string[]][] = [
      [{}, ["name", "text"]],
      [{ name: "n".repeat(121), text: "x" }, ["name"]],
      [{ name: "a\u0007b", text: "x" }, ["name"]],
      [{ name: "ok", text: "t".repeat(4001) }, ["text"]],
      [{ ...ok, tags: ["x".repeat(41)] }, ["tags.0"]],
      [{ ...ok, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, ["tags"]],
      [{ ...ok, note: "n".repeat(501) }, ["note"]],
      [{ ...ok, settings: { ...settings, duration: 12 } }, ["settings.duration"]],
      [{ ...ok, settings: { ...settings, duration: 25 } }, ["settings.duration"]],
      [
        { ...ok, settings: { ...settings, model: "sora-2-pro", duration: 25, image_urls: [] } },
        ["settings.image_urls"],
      ],
      [{ ...ok, id: "mine" }, ["id"]],
    ];
    for (const [body, fields] of refusals)
      expect(paths(createPromptSchema, body), JSON.stringify(body)).toEqual(fields);
  });
});

describe("editPromptSchema and newVersionSchema", () => {
  it("needs something to change, and a version needs a text", () => {
    expect(paths(editPromptSchema, {})).toEqual(["(body)"]);
    expect(editPromptSchema.parse({ tags: [] })).toEqual({ tags: [] });
    expect(paths(newVersionSchema, { note: "x" })).toEqual(["text"]);
    expect(paths(newVersionSchema, { text: "x", number: 3 })).toEqual(["number"]);
  });
});

describe("helpers", () => {
  it("suggests a name from the prompt's first words", () => {
    expect(defaultPromptName("  A red fox   in the snow at dawn, cinematic ")).toBe("A red fox in the snow");
    expect(defaultPromptName("一只鲸鱼在海里游泳".repeat(10))).toHaveLength(40);
  });

  it("calls a version the same only with the same text and settings", () => {
    const s = { model: "sora-2", size: "small", duration: 10, orientation: "square" } as const;
    expect(sameAsVersion({ text: "a", settings: s }, "a", { ...s })).toBe(true);
    expect(sameAsVersion({ text: "a", settings: s }, "a", null)).toBe(false);
    expect(sameAsVersion({ text: "a", settings: null }, "b", null)).toBe(false);
  });
});
