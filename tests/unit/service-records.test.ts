import { describe, expect, it } from "vitest";
import { expiryOf, readPhase } from "@/lib/server/upstream/records";

// The one record reader on each service's own answer shapes (shared/acedata-video-providers.md).

const URL_A = "https://files.example/a.mp4?st=1760000000&se=1760500000&sig=x";

describe("readPhase on each service's shapes", () => {
  it("Sora, Veo and Hailuo: data[] with a state", () => {
    const phase = readPhase({ success: true, task_id: "t", data: [{ id: "v", video_url: URL_A, state: "succeeded" }] });
    expect(phase).toEqual({
      phase: "succeeded",
      videos: [{ id: "v", url: URL_A, expiresAt: new Date(1760500000 * 1000).toISOString() }],
    });
    expect(readPhase({ task_id: "t", data: [{ id: "v", state: "processing" }] }).phase).toBe("processing");
  });

  it("Seedance: content.video_url and its last frame, by status", () => {
    const phase = readPhase({
      success: true,
      data: [
        { id: "s1", status: "succeeded", content: { video_url: URL_A, last_frame_url: "https://files.example/l.jpg" } },
      ],
    });
    expect(phase).toMatchObject({
      phase: "succeeded",
      videos: [{ id: "s1", url: URL_A, lastFrameUrl: "https://files.example/l.jpg" }],
    });
    expect(readPhase({ data: [{ id: "s1", status: "running" }] }).phase).toBe("processing");
    expect(readPhase({ data: [{ id: "s1", status: "queued" }] }).phase).toBe("processing");
  });

  it("Kling: flat, with succeed", () => {
    expect(
      readPhase({ success: true, task_id: "t", video_id: "k1", video_url: URL_A, state: "succeed" }),
    ).toMatchObject({
      phase: "succeeded",
      videos: [{ id: "k1", url: URL_A }],
    });
  });

  it("Wan and Luma: flat, with completed and a thumbnail; OSS Expires read as the expiry", () => {
    const oss = "https://oss.example/v.mp4?Expires=1769349278&OSSAccessKeyId=a&Signature=b";
    expect(
      readPhase({
        success: true,
        video_id: "w1",
        video_url: oss,
        state: "completed",
        thumbnail_url: "https://t.example/t.jpg",
      }),
    ).toEqual({
      phase: "succeeded",
      videos: [
        {
          id: "w1",
          url: oss,
          expiresAt: new Date(1769349278 * 1000).toISOString(),
          thumbnailUrl: "https://t.example/t.jpg",
        },
      ],
    });
  });

  it("a success word without a video URL is not finished", () => {
    expect(readPhase({ state: "completed" }).phase).toBe("processing");
  });

  it.each(["failed", "failure", "error", "cancelled", "canceled", "rejected"])(
    "the failure word %s ends the task",
    (word) => {
      expect(readPhase({ task_id: "t", state: word }).phase).toBe("failed");
    },
  );

  it("a structured error ends the task; a bare string mid-run is a note", () => {
    expect(readPhase({ success: false, error: { code: "forbidden", message: "no" } })).toEqual({
      phase: "failed",
      error: { code: "forbidden", message: "no" },
    });
    expect(readPhase({ success: false, error: "busy, retrying", data: [{ status: "running" }] })).toEqual({
      phase: "processing",
      note: "busy, retrying",
    });
  });

  it.each([
    [0.42, 42],
    [42, 42],
    ["42%", 42],
  ])("reads progress %j as %d percent", (progress, percent) => {
    expect(readPhase({ data: [{ status: "running", progress }] })).toEqual({ phase: "processing", progress: percent });
  });

  it("reads an S3 presigned URL's end", () => {
    expect(expiryOf("https://s3.example/v.mp4?X-Amz-Date=20261207T120000Z&X-Amz-Expires=3600")).toBe(
      "2026-12-07T13:00:00.000Z",
    );
  });
});
