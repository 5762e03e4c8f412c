import { describe, expect, it } from "vitest";
import { BUNDLE_TASKS_MAX, BUNDLE_ZIP_MAX_BYTES, bundleManifestSchema } from "@/lib/schemas/bundle";
import { toFieldIssues } from "@/lib/schemas/generation";
import { AppError } from "@/lib/server/platform/errors";
import { importBundle } from "@/lib/server/bundles/import-bundle";

// The import's caps, refused before anything is read or stored: a zip announced over 2 GB, a
// body of another type, and more than 10,000 tasks in a manifest.

const post = (type: string, headers: Record<string, string> = {}) =>
  new Request("http://studio.test/api/import", {
    method: "POST",
    headers: { "content-type": type, ...headers },
    body: "x",
  });

describe("import caps", () => {
  it("refuses a zip announced over the cap with 413, before reading it", async () => {
    const error = await importBundle(
      post("application/zip", { "content-length": String(BUNDLE_ZIP_MAX_BYTES + 1) }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 413, code: "body_too_large", extra: { issues: [{ path: "file" }] } });
  });

  it("refuses other content types with 415 at content-type", async () => {
    const error = await importBundle(post("multipart/form-data; boundary=x")).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 415, extra: { issues: [{ path: "content-type" }] } });
  });

  it("refuses a manifest of more than 10,000 tasks at tasks", () => {
    const task = {
      id: "t",
      request: { prompt: "p", model: "sora-2", size: "small", duration: 10, orientation: "landscape" },
      state: "failed",
      createdAt: "2026-11-25T10:00:00.000Z",
      submittedAt: null,
      finishedAt: null,
      upstreamTaskId: null,
      traceId: null,
      error: null,
      favourite: false,
      tags: [],
      notes: "",
      rating: null,
      runId: null,
      videos: [],
    };
    const result = bundleManifestSchema.safeParse({
      format: "sora-studio/tasks",
      version: 1,
      exportedAt: "2026-11-25T10:00:00.000Z",
      tasks: Array.from({ length: BUNDLE_TASKS_MAX + 1 }, () => task),
    });
    expect(result.success).toBe(false);
    expect(toFieldIssues(result.error!).map((i) => i.path)).toEqual(["tasks"]);
  });
});
