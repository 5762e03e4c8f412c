import { describe, expect, it } from "vitest";
import { localeCookie } from "@/lib/i18n/config";
import { negotiateLocale, parseAcceptLanguage } from "@/lib/i18n/negotiate";

// Which language a visitor gets: the switcher's cookie, else the browser's languages, else English.

describe("negotiateLocale", () => {
  it("gives Simplified Chinese to zh, zh-CN, zh-Hans and zh-SG browsers", () => {
    for (const header of ["zh", "zh-CN", "zh-cn", "zh-Hans", "zh-Hans-CN", "zh-SG", "zh-CN,zh;q=0.9,en;q=0.8"]) {
      expect(negotiateLocale({ acceptLanguage: header }), header).toBe("zh-CN");
    }
  });

  it("gives English to everything else, Traditional Chinese included", () => {
    for (const header of [
      "en-US,en;q=0.9",
      "en-GB",
      "de-DE",
      "zh-TW",
      "zh-HK",
      "zh-Hant",
      "zh-Hant-TW",
      "*",
      "",
      null,
      undefined,
      "garbage;;;",
    ]) {
      expect(negotiateLocale({ acceptLanguage: header }), String(header)).toBe("en");
    }
  });

  it("follows the browser's order of preference, by q then by position", () => {
    expect(negotiateLocale({ acceptLanguage: "en;q=0.5,zh-CN;q=0.9" })).toBe("zh-CN");
    expect(negotiateLocale({ acceptLanguage: "en-US,zh-CN" })).toBe("en");
    expect(negotiateLocale({ acceptLanguage: "fr-FR,zh-CN;q=0.8,en;q=0.5" })).toBe("zh-CN"); // French is not offered: the next one we have
    expect(negotiateLocale({ acceptLanguage: "zh-CN;q=0,en" })).toBe("en"); // q=0 means "not this"
    expect(parseAcceptLanguage("da, en-gb;q=0.8, en;q=0.7")).toEqual(["da", "en-gb", "en"]);
  });

  it("the switcher's cookie wins over the browser; an unknown cookie is ignored", () => {
    expect(negotiateLocale({ cookie: "en", acceptLanguage: "zh-CN" })).toBe("en");
    expect(negotiateLocale({ cookie: "zh-CN", acceptLanguage: "en-US" })).toBe("zh-CN");
    expect(negotiateLocale({ cookie: "fr", acceptLanguage: "zh-CN" })).toBe("zh-CN");
    expect(negotiateLocale({ cookie: "zh", acceptLanguage: "en" })).toBe("en");
  });

  it("the cookie lasts a year on the whole site, SameSite=Lax", () => {
    expect(localeCookie("zh-CN")).toBe("studio-locale=zh-CN; Max-Age=31536000; Path=/; SameSite=Lax");
  });
});
