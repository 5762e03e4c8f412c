import { describe, expect, it } from "vitest";
import { followsInApp } from "@/components/ui/app-link";

const plain = { defaultPrevented: false, button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false };

describe("followsInApp", () => {
  it("takes a plain primary click on a link that opens here", () => {
    expect(followsInApp(plain, {})).toBe(true);
    expect(followsInApp(plain, { target: "_self" })).toBe(true);
  });

  it("leaves modified clicks to the browser (new tab, new window, save)", () => {
    for (const key of ["metaKey", "ctrlKey", "shiftKey", "altKey"] as const)
      expect(followsInApp({ ...plain, [key]: true }, {})).toBe(false);
  });

  it("leaves middle and right clicks, and clicks a handler already took", () => {
    expect(followsInApp({ ...plain, button: 1 }, {})).toBe(false);
    expect(followsInApp({ ...plain, button: 2 }, {})).toBe(false);
    expect(followsInApp({ ...plain, defaultPrevented: true }, {})).toBe(false);
  });

  it("leaves links that open elsewhere or download", () => {
    expect(followsInApp(plain, { target: "_blank" })).toBe(false);
    expect(followsInApp(plain, { download: "" })).toBe(false);
    expect(followsInApp(plain, { download: true })).toBe(false);
  });
});
