import { describe, expect, it } from "vitest";
import { crossOriginRefusal } from "@/lib/server/http/cross-origin";

const request = (method: string, headers: Record<string, string>, url = "http://studio.test/api/videos") =>
  new Request(url, { method, headers });

describe("crossOriginRefusal", () => {
  it("lets reads through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"])
      expect(
        crossOriginRefusal(request(method, { origin: "https://evil.example", "sec-fetch-site": "cross-site" })),
      ).toBeNull();
  });

  it("takes a browser's word that a change comes from the studio's own page", () => {
    expect(
      crossOriginRefusal(request("POST", { "sec-fetch-site": "same-origin", origin: "http://studio.test" })),
    ).toBeNull();
    expect(crossOriginRefusal(request("DELETE", { "sec-fetch-site": "none" }))).toBeNull();
  });

  it("refuses a change a browser says comes from another site, naming it", () => {
    for (const site of ["cross-site", "same-site"]) {
      const refusal = crossOriginRefusal(request("POST", { "sec-fetch-site": site, origin: "https://evil.example" }));
      expect(refusal).toContain("https://evil.example");
    }
    expect(crossOriginRefusal(request("PATCH", { "sec-fetch-site": "cross-site" }))).toContain("cross-site");
  });

  it("without Sec-Fetch-Site, compares Origin with the Host the request was sent to", () => {
    expect(crossOriginRefusal(request("POST", { origin: "http://studio.test", host: "studio.test" }))).toBeNull();
    expect(crossOriginRefusal(request("POST", { origin: "http://studio.test" }))).toBeNull();
    expect(
      crossOriginRefusal(request("POST", { origin: "http://studio.test:8080", host: "studio.test" })),
    ).not.toBeNull();
    expect(crossOriginRefusal(request("PUT", { origin: "https://evil.example", host: "studio.test" }))).not.toBeNull();
    expect(crossOriginRefusal(request("POST", { origin: "null", host: "studio.test" }))).not.toBeNull();
  });

  it("accepts the studio's public origin when a proxy changed the Host", () => {
    const behindProxy = request("POST", { origin: "https://studio.example.com", host: "studio:3000" });
    expect(crossOriginRefusal(behindProxy)).not.toBeNull();
    expect(crossOriginRefusal(behindProxy, ["https://studio.example.com"])).toBeNull();
  });

  it("lets through clients that are not browsers (no Origin, no Sec-Fetch-Site): curl, the upstream's callback", () => {
    expect(crossOriginRefusal(request("POST", {}))).toBeNull();
  });
});
