import { describe, expect, it } from "vitest";
import { composerValuesFrom } from "@/components/composer/compose-bridge";
import {
  composerDefaults,
  composerDefaultsFor,
  composerResolver,
  toGenerationInput,
  type ComposerValues,
} from "@/components/composer/form-values";
import { nearestTier, switchModel } from "@/components/composer/model-switch";
import { generationSchema } from "@/lib/schemas/generation";

// The composer for every model: the request its inputs make, what a model switch keeps,
// changes and leaves out, and the way back from a stored request.

const form = (over: Partial<ComposerValues>): ComposerValues => ({ ...composerDefaults, prompt: "a fox", ...over });

describe("the request the composer makes", () => {
  it("sends Sora's body unchanged for a Sora model", () => {
    expect(toGenerationInput(form({ negative_prompt: "blur", first_frame_url: "https://x/a.png" }))).toEqual({
      prompt: "a fox",
      model: "sora-2",
      size: "small",
      duration: 10,
      orientation: "landscape",
    });
  });

  it("sends only the fields another model takes, in the shared words", () => {
    const values = form({
      ...composerDefaultsFor("kling-v2-6"),
      prompt: "a fox",
      image_urls: ["https://x/ref.png"],
      character_url: "https://x/c.mp4",
      first_frame_url: "https://x/first.png",
      negative_prompt: "  blur ",
      sound: "off",
      camera_fixed: "on",
      seed: "7",
    });
    expect(toGenerationInput(values)).toEqual({
      prompt: "a fox",
      model: "kling-v2-6",
      duration: 5,
      aspect_ratio: "16:9",
      resolution: "std",
      first_frame_url: "https://x/first.png",
      negative_prompt: "blur",
      sound: false,
    });
    expect(generationSchema.safeParse(toGenerationInput(values)).success).toBe(true);
  });

  it("leaves a yes/no option at the model's default until it is set", () => {
    const input = toGenerationInput(form({ ...composerDefaultsFor("luma"), prompt: "p" }));
    expect(input).toEqual({ prompt: "p", model: "luma", aspect_ratio: "16:9" });
    expect(toGenerationInput(form({ ...composerDefaultsFor("luma"), loop: "on" })).loop).toBe(true);
  });

  it("sends reference clips one per line, and text in a number field as text (so the schema names it)", () => {
    const input = toGenerationInput(
      form({ ...composerDefaultsFor("wan2.6-r2v"), reference_video_urls: " https://x/a.mp4\n\nhttps://x/b.mp4 " }),
    );
    expect(input.reference_video_urls).toEqual(["https://x/a.mp4", "https://x/b.mp4"]);
    const seedance = form({ ...composerDefaultsFor("doubao-seedance-1-5-pro-251215"), prompt: "p", seed: "abc" });
    expect(toGenerationInput(seedance).seed).toBe("abc");
    expect(generationSchema.safeParse(toGenerationInput(seedance)).error?.issues[0]?.path).toEqual(["seed"]);
  });

  it("is judged at the field with the model's own rule, as the server judges it", async () => {
    const resolver = composerResolver();
    const values = form({ ...composerDefaultsFor("kling-v2-6"), prompt: "p", sound: "on" });
    const result = await resolver(values, undefined, { fields: {}, shouldUseNativeValidation: false });
    expect(result.errors.sound?.message).toMatch(/Sound on kling-v2-6 needs the pro mode/);
    const server = generationSchema.safeParse(toGenerationInput(values));
    expect(server.success).toBe(false);
    expect(server.error?.issues[0]?.message).toBe(result.errors.sound?.message);
    const pro = await resolver({ ...values, resolution: "pro" }, undefined, {
      fields: {},
      shouldUseNativeValidation: false,
    });
    expect(pro.errors).toEqual({});
  });
});

describe("switching model", () => {
  it("keeps what still fits and says nothing when nothing changes", () => {
    const { updates, changes } = switchModel(form({ duration: "10" }), "sora-2-pro");
    expect(updates).toEqual({});
    expect(changes).toEqual([]);
  });

  it("leaves Sora's 25 s to its own conflict (both fixes shown) when going back to sora-2", () => {
    expect(switchModel(form({ model: "sora-2-pro", duration: "25" }), "sora-2")).toEqual({ updates: {}, changes: [] });
  });

  it("moves a length the new model lacks to its default and says so", () => {
    const { updates, changes } = switchModel(form({ duration: "15" }), "kling-v2-6");
    expect(updates.duration).toBe("5");
    expect(changes).toContainEqual({ kind: "changed", field: "duration", from: "15", to: "5" });
  });

  it("reports a fixed length as a change, and a fixed length carried into a model that makes it", () => {
    expect(switchModel(form({}), "veo3").changes).toContainEqual({
      kind: "changed",
      field: "duration",
      from: "10",
      to: "8",
    });
    const fromVeo = switchModel(form({ ...composerDefaultsFor("veo3"), duration: "10" }), "kling-v3");
    expect(fromVeo.updates.duration).toBe("8");
    expect(fromVeo.changes.some((c) => c.field === "duration")).toBe(false);
  });

  it("turns Sora's orientation into an aspect ratio, and back", () => {
    const toKling = switchModel(form({ orientation: "portrait" }), "kling-v2-6");
    expect(toKling.updates.aspect_ratio).toBe("9:16");
    expect(toKling.changes.some((c) => c.field === "aspect_ratio")).toBe(false);
    const square = switchModel(form({ orientation: "square" }), "veo3");
    expect(square.changes).toContainEqual({ kind: "changed", field: "aspect_ratio", from: "1:1", to: "16:9" });
    const back = switchModel(form({ ...composerDefaultsFor("kling-v2-6"), aspect_ratio: "1:1" }), "sora-2");
    expect(back.updates.orientation).toBe("square");
  });

  it("takes the nearest resolution tier the new model has", () => {
    expect(nearestTier(["std", "pro", "4k"], "1080p")).toBe("pro");
    expect(nearestTier(["std", "pro"], "720p")).toBe("std");
    expect(nearestTier(["480p", "720p", "1080p"], "std")).toBe("720p");
    expect(nearestTier(["480p", "1080p"], "720p")).toBe("480p");
    expect(nearestTier(["480p", "720p"], "4k")).toBe("720p");
    expect(nearestTier(["480p"], "nonsense")).toBeUndefined();
    const values = form({ ...composerDefaultsFor("doubao-seedance-2-0-260128"), resolution: "4k" });
    const { updates, changes } = switchModel(values, "kling-v2-6");
    expect(updates.resolution).toBe("pro");
    expect(changes).toContainEqual({ kind: "changed", field: "resolution", from: "4k", to: "pro" });
  });

  it("names every filled field the new model does not take (kept in the form, not sent)", () => {
    const values = form({ image_urls: ["https://x/r.png"], character_url: "https://x/c.mp4" });
    const { updates, changes } = switchModel(values, "kling-v2-6");
    expect(changes.filter((c) => c.kind === "dropped").map((c) => c.field)).toEqual(["image_urls", "character_url"]);
    expect(updates.image_urls).toBeUndefined(); // switching back brings them back
    const kling = form({ ...composerDefaultsFor("kling-v2-6"), last_frame_url: "https://x/l.png", sound: "on" });
    expect(
      switchModel(kling, "kling-v2-master")
        .changes.filter((c) => c.kind === "dropped")
        .map((c) => c.field),
    ).toEqual(["last_frame_url", "sound"]);
  });
});

describe("a stored request back in the composer", () => {
  it("fills every field of another service's request", () => {
    const values = composerValuesFrom({
      prompt: "p",
      model: "wan2.6-r2v",
      duration: 10,
      reference_video_urls: ["https://x/a.mp4", "https://x/b.mp4"],
      sound: false,
      prompt_extend: true,
    });
    expect(values).toMatchObject({
      model: "wan2.6-r2v",
      duration: "10",
      reference_video_urls: "https://x/a.mp4\nhttps://x/b.mp4",
      sound: "off",
      prompt_extend: "on",
    });
    expect(toGenerationInput(values)).toMatchObject({
      model: "wan2.6-r2v",
      duration: 10,
      reference_video_urls: ["https://x/a.mp4", "https://x/b.mp4"],
      sound: false,
      prompt_extend: true,
    });
  });

  it("starts an unknown model from the default model", () => {
    expect(composerValuesFrom({ prompt: "p", model: "sora-9" }).model).toBe("sora-2");
  });
});
