import { describe, expect, it } from "vitest";
import { bundleManifestSchema, exportHref, type BundleManifestInput } from "@/lib/schemas/bundle";
import { toFieldIssues } from "@/lib/schemas/generation";

// The task bundle's manifest: strict, every field checked, each refusal at its exact path.

const sha = "a".repeat(64);
const manifest = (over: Record<string, unknown> = {}, task: Record<string, unknown> = {}): BundleManifestInput =>
  ({
    format: "sora-studio/tasks",
    version: 1,
    exportedAt: "2026-11-25T10:00:00.000Z",
    tasks: [
      {
        id: "6bf7fb83-5814-4e3e-a4ad-bfa0c26c0b33",
        request: {
          prompt: "A fox",
          model: "sora-2",
          size: "small",
          duration: 10,
          orientation: "landscape",
          image_urls: ["/api/uploads/0123456789abcdef0123456789abcdef"],
        },
        state: "succeeded",
        createdAt: "2026-11-25T09:00:00.000Z",
        submittedAt: "2026-11-25T09:00:01.000Z",
        finishedAt: "2026-11-25T09:01:00.000Z",
        upstreamTaskId: "task-1",
        traceId: null,
        error: null,
        favourite: true,
        tags: ["Moody ", "night", "moody"],
        notes: "keep",
        rating: 4,
        runId: "1f0e6a43-7b4c-4d7e-9a55-0c7d7c1d1e11",
        videos: [{ id: "v1", file: "videos/v1.mp4", size: 10, sha256: sha }],
        ...task,
      },
    ],
    ...over,
  }) as BundleManifestInput;

const pathsOf = (value: unknown) => {
  const result = bundleManifestSchema.safeParse(value);
  return result.success ? [] : toFieldIssues(result.error).map((i) => i.path);
};

describe("bundle manifest", () => {
  it("accepts an export and normalises its tags as an edit would", () => {
    const parsed = bundleManifestSchema.parse(manifest());
    expect(parsed.tasks[0]?.tags).toEqual(["moody", "night"]);
    expect(parsed.tasks[0]?.request.image_urls).toEqual(["/api/uploads/0123456789abcdef0123456789abcdef"]);
  });

  it("names the failing field of a request inside a task", () => {
    expect(
      pathsOf(
        manifest(
          {},
          { request: { prompt: "x", model: "sora-2", size: "small", duration: 12, orientation: "landscape" } },
        ),
      ),
    ).toEqual(["tasks.0.request.duration"]);
    expect(
      pathsOf(
        manifest(
          {},
          { request: { prompt: "x", model: "sora-2", size: "small", duration: 25, orientation: "landscape" } },
        ),
      ),
    ).toEqual(["tasks.0.request.duration"]);
  });

  it("refuses unknown keys at every level, at the key", () => {
    expect(pathsOf({ ...manifest(), extra: 1 })).toEqual(["extra"]);
    expect(pathsOf(manifest({}, { colour: "red" }))).toEqual(["tasks.0.colour"]);
    expect(pathsOf(manifest({}, { videos: [{ id: "v1", file: null, size: null, sha256: null, url: "x" }] }))).toEqual([
      "tasks.0.videos.0.url",
    ]);
  });

  it("refuses another format or version, unfinished tasks, bad ids and mismatched files", () => {
    expect(pathsOf(manifest({ format: "other/thing" }))).toEqual(["format"]);
    expect(pathsOf(manifest({ version: 2 }))).toEqual(["version"]);
    expect(pathsOf(manifest({}, { state: "processing" }))).toEqual(["tasks.0.state"]);
    expect(pathsOf(manifest({}, { id: "../x" }))).toEqual(["tasks.0.id"]);
    expect(pathsOf(manifest({}, { videos: [{ id: "v1", file: "videos/v2.mp4", size: 1, sha256: sha }] }))).toEqual([
      "tasks.0.videos.0.file",
    ]);
    expect(pathsOf(manifest({}, { videos: [{ id: "v1", file: "videos/v1.mp4", size: null, sha256: sha }] }))).toEqual([
      "tasks.0.videos.0.size",
    ]);
    expect(pathsOf(manifest({}, { videos: [{ id: "v1", file: null, size: 3, sha256: "XYZ" }] }))).toEqual([
      "tasks.0.videos.0.sha256",
    ]);
    expect(pathsOf(manifest({}, { createdAt: "yesterday" }))).toEqual(["tasks.0.createdAt"]);
    expect(pathsOf(manifest({}, { rating: 6 }))).toEqual(["tasks.0.rating"]);
    expect(pathsOf(manifest({}, { tags: ["a,b"] }))).toEqual(["tasks.0.tags.0"]);
  });

  it("builds the export route's links", () => {
    expect(exportHref({ run: "r1" }, "zip")).toBe("/api/export?run=r1&format=zip");
    expect(exportHref({ ids: ["a", "b"] }, "json")).toBe("/api/export?ids=a%2Cb&format=json");
    expect(exportHref({ all: true }, "json")).toBe("/api/export?all=1&format=json");
  });
});
