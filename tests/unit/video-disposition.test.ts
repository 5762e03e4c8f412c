import { describe, expect, it } from "vitest";
import { videoDisposition } from "@/lib/server/media/serve-video";

describe("videoDisposition", () => {
  it("shows a video inline unless a download name is asked for", () => {
    expect(videoDisposition("v1", null)).toBe('inline; filename="sora-v1.mp4"');
  });

  it("saves under the asked name, with a UTF-8 form for other scripts", () => {
    expect(videoDisposition("v1", "red-fox-2026-11-25-1432.mp4")).toBe(
      `attachment; filename="red-fox-2026-11-25-1432.mp4"; filename*=UTF-8''red-fox-2026-11-25-1432.mp4`,
    );
    expect(videoDisposition("v1", "小猫-2026-11-25-1432.mp4")).toBe(
      `attachment; filename="__-2026-11-25-1432.mp4"; filename*=UTF-8''${encodeURIComponent("小猫")}-2026-11-25-1432.mp4`,
    );
  });

  it("cannot be talked into a path, a second header field or a broken quote", () => {
    const header = videoDisposition("v1", '../../etc/passwd"\r\nSet-Cookie: a=b');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).not.toContain("/");
    expect(header.match(/"/g)).toHaveLength(2);
    expect(header).toMatch(/\.mp4"; filename\*=UTF-8''[^'"\s;]+\.mp4$/);
  });

  it("always ends in .mp4 and stays short", () => {
    expect(videoDisposition("v1", "")).toContain('filename="sora-v1.mp4"');
    expect(videoDisposition("v1", "it's (a) fox*")).toContain(`filename*=UTF-8''it%27s%20%28a%29%20fox%2A.mp4`);
    const long = videoDisposition("v1", "x".repeat(500));
    expect(long.length).toBeLessThan(400);
  });
});
