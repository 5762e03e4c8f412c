import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/config";
import { compiledMessagesFor } from "@/lib/i18n/compiled";

// The compiled messages travel from the server to the browser as props: React only passes plain
// data, so anything else in them (a null-prototype object from the compiler) breaks every page.

function nonPlain(value: unknown, path: string, out: string[]) {
  if (typeof value === "string" || typeof value === "number") return;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) nonPlain(item, `${path}[${i}]`, out);
    return;
  }
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) nonPlain(item, `${path}.${key}`, out);
    return;
  }
  out.push(path);
}

describe("compiled messages", () => {
  for (const locale of LOCALES) {
    it(`are plain data in ${locale}`, () => {
      const problems: string[] = [];
      nonPlain(compiledMessagesFor(locale), locale, problems);
      expect(problems).toEqual([]);
    });
  }

  it("keep plain text as it is and compile placeholders and plurals", () => {
    const en = compiledMessagesFor("en") as unknown as { detail: { title: string; images: unknown } };
    expect(en.detail.title).toBe("Task details");
    expect(Array.isArray(en.detail.images)).toBe(true);
  });
});
