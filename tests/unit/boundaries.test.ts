import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs script without type declarations
import { findViolations } from "../../scripts/check-boundaries.mjs";

describe("architecture boundaries", () => {
  it("keeps server code out of the browser and the emulator apart from the server", () => {
    expect(findViolations()).toEqual([]);
  });
});
