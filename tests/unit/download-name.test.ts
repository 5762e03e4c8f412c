import { describe, expect, it } from "vitest";
import { downloadName, promptSlug } from "@/lib/shared/download-name";

// Dates are built with the local-time constructor: the name uses the viewer's local time.
const at = new Date(2026, 10, 25, 14, 32, 59);

describe("downloadName", () => {
  it("names a video by the prompt's first words and its local date and time", () => {
    expect(downloadName("A red fox running through fresh snow at dawn, cinematic", at)).toBe(
      "a-red-fox-running-through-fresh-2026-11-25-1432.mp4",
    );
  });

  it("drops punctuation, quotes, slashes and shell characters", () => {
    expect(promptSlug(`"Cats" & dogs / ../etc; rm -rf $HOME`)).toBe("cats-dogs-etc-rm-rf-home");
  });

  it("keeps letters of other scripts and cuts a long unspaced sentence", () => {
    expect(promptSlug("一只红狐狸在雪地里奔跑")).toBe("一只红狐狸在雪地里奔跑");
    expect(promptSlug("狐".repeat(100))).toHaveLength(60);
    expect(promptSlug("Café crème")).toBe("café-crème");
  });

  it("stops before the slug gets longer than 60 characters", () => {
    const slug = promptSlug(
      "supercalifragilistic expialidocious antidisestablishmentarianism floccinaucinihilipilification",
    );
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toBe("supercalifragilistic-expialidocious");
  });

  it("falls back to a generic name when the prompt has no letters or digits", () => {
    expect(downloadName("!!! ???", at)).toBe("sora-video-2026-11-25-1432.mp4");
  });

  it("numbers the second and later videos of one task", () => {
    expect(downloadName("fox", at, 0)).toBe("fox-2026-11-25-1432.mp4");
    expect(downloadName("fox", at, 1)).toBe("fox-2026-11-25-1432-2.mp4");
  });

  it("pads months, days, hours and minutes", () => {
    expect(downloadName("fox", new Date(2027, 0, 5, 3, 7))).toBe("fox-2027-01-05-0307.mp4");
  });
});
