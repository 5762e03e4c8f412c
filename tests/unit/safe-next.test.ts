import { describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => ({ cookies: vi.fn() }));
vi.mock("next/navigation", () => ({ redirect: vi.fn() }));
const { pathWithQuery, safeNext } = await import("@/lib/server/auth/page-session");

describe("where sign-in goes back to", () => {
  it("is a path of this studio, never another site", () => {
    expect(safeNext("/prompts?tab=library")).toBe("/prompts?tab=library");
    for (const next of [
      "//evil.example",
      "/\\evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "",
      undefined,
      ["/a", "/b"],
    ])
      expect(safeNext(next)).toBe("/");
  });

  it("keeps the page's query, repeated keys included", () => {
    expect(pathWithQuery("/", {})).toBe("/");
    expect(pathWithQuery("/compare", { ids: "a,b" })).toBe("/compare?ids=a%2Cb");
    expect(pathWithQuery("/", { tag: ["x", "y"], q: "cat" })).toBe("/?tag=x&tag=y&q=cat");
  });
});
