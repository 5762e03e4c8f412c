import { describe, expect, it } from "vitest";
import { filterToSearchParams, taskFilterSchema } from "@/lib/schemas/task-filter";

describe("taskFilterSchema", () => {
  it("reads a shared view from its query string", () => {
    const params = Object.fromEntries(new URLSearchParams("q=red%20fox&state=succeeded&model=sora-2-pro&size=large&duration=25&orientation=portrait&from=2026-11-01&to=2026-11-25&favourite=1&tag=moody&limit=24"));
    expect(taskFilterSchema.parse(params)).toEqual({ q: "red fox", state: "succeeded", model: "sora-2-pro", size: "large", duration: 25, orientation: "portrait", from: "2026-11-01", to: "2026-11-25", favourite: "1", tag: "moody", limit: 24 });
  });

  it.each([
    ["duration", "12"],
    ["state", "done"],
    ["from", "yesterday"],
    ["limit", "1000"],
    ["favourite", "yes"],
    ["unknown", "x"],
  ])("refuses %s=%s, naming the field", (key, value) => {
    const result = taskFilterSchema.safeParse({ [key]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0] ?? (result.error?.issues[0] as { keys?: string[] })?.keys?.[0]).toBe(key);
  });

  it("writes a filter back as query pairs, leaving empty ones out", () => {
    expect(filterToSearchParams({ q: "fox", state: undefined, tag: "", duration: "15" }).toString()).toBe("q=fox&duration=15");
  });
});
