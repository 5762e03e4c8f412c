import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The library's route handlers over Request/Response, as Next calls them (SQLite in a temp
// directory): status codes, the error body with its field paths, the export's download header,
// and the import's byte cap and malformed bodies, which must leave the library as it was.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "prompt-routes-"));
process.env.STUDIO_DATA_DIR = dataDir;
process.env.LOG_LEVEL = "silent";
delete process.env.DATABASE_URL;
delete process.env.ACEDATACLOUD_API_TOKEN;

type Routes = {
  list: typeof import("@/app/api/prompts/route");
  one: typeof import("@/app/api/prompts/[id]/route");
  versions: typeof import("@/app/api/prompts/[id]/versions/route");
  exp: typeof import("@/app/api/prompts/export/route");
  imp: typeof import("@/app/api/prompts/import/route");
  history: typeof import("@/app/api/prompts/history/route");
};
let r: Routes;

const req = (url: string, init?: RequestInit) => new Request(`http://studio${url}`, init);
const post = (url: string, body: unknown) =>
  req(url, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

beforeAll(async () => {
  r = {
    list: await import("@/app/api/prompts/route"),
    one: await import("@/app/api/prompts/[id]/route"),
    versions: await import("@/app/api/prompts/[id]/versions/route"),
    exp: await import("@/app/api/prompts/export/route"),
    imp: await import("@/app/api/prompts/import/route"),
    history: await import("@/app/api/prompts/history/route"),
  };
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function exported() {
  const res = await r.exp.GET(req("/api/prompts/export"), {});
  return (await res.json()) as { prompts: unknown[] };
}

describe("the prompt library's routes", () => {
  let id = "";

  it("creates (201), reads, renames, versions and lists", async () => {
    const created = await r.list.POST(
      post("/api/prompts", {
        name: "Fox",
        text: "A red fox",
        settings: { model: "sora-2", size: "small", duration: 10, orientation: "landscape" },
      }),
      {},
    );
    expect(created.status).toBe(201);
    id = ((await created.json()) as { prompt: { id: string } }).prompt.id;
    const version = await r.versions.POST(
      post(`/api/prompts/${id}/versions`, { text: "A red fox at dusk", note: "dusk" }),
      ctx(id),
    );
    expect(version.status).toBe(201);
    expect(((await version.json()) as { version: { number: number } }).version.number).toBe(2);
    const same = await r.versions.POST(post(`/api/prompts/${id}/versions`, { text: "A red fox at dusk" }), ctx(id));
    expect(same.status).toBe(409);
    const patched = await r.one.PATCH(
      req(`/api/prompts/${id}`, { method: "PATCH", body: JSON.stringify({ tags: ["Night"] }) }),
      ctx(id),
    );
    expect(((await patched.json()) as { prompt: { tags: string[] } }).prompt.tags).toEqual(["night"]);
    const list = (await (await r.list.GET(req("/api/prompts?tag=NIGHT"), {})).json()) as {
      items: { name: string; latest: { number: number } }[];
    };
    expect(list.items.map((p) => [p.name, p.latest.number])).toEqual([["Fox", 2]]);
    const missing = await r.one.GET(req("/api/prompts/nope"), ctx("nope"));
    expect(missing.status).toBe(404);
  });

  it("answers a bad body with 400 and the field's path", async () => {
    const res = await r.list.POST(post("/api/prompts", { name: "", text: "x", tags: "not a list" }), {});
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.issues.map((i) => i.path).sort()).toEqual(["name", "tags"]);
    expect((await r.history.GET(req("/api/prompts/history?limit=500"), {})).status).toBe(400);
    expect((await r.history.GET(req("/api/prompts/history?limit=5"), {})).status).toBe(200);
  });

  it("exports as a downloaded file", async () => {
    const res = await r.exp.GET(req("/api/prompts/export"), {});
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="prompt-library-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    const file = (await res.json()) as { format: string; version: number; prompts: { versions: unknown[] }[] };
    expect([file.format, file.version, file.prompts[0]?.versions.length]).toEqual(["sora-studio/prompt-library", 1, 2]);
  });

  it("refuses an import that is not JSON, empty, over 5 MB or of the wrong format, and imports nothing", async () => {
    const before = await exported();
    const cases: [string, string, number, string][] = [
      ["not JSON", "{ this is not json", 400, "invalid_json"],
      ["empty", "", 400, "invalid_json"],
      [
        "over the cap",
        JSON.stringify({
          format: "sora-studio/prompt-library",
          version: 1,
          exportedAt: "2026-11-25T10:00:00.000Z",
          prompts: [],
          pad: "x".repeat(5 * 1024 * 1024),
        }),
        413,
        "body_too_large",
      ],
      [
        "wrong format",
        JSON.stringify({ format: "other", version: 1, exportedAt: "2026-11-25T10:00:00.000Z", prompts: [] }),
        400,
        "invalid_request",
      ],
    ];
    for (const [label, body, status, code] of cases) {
      const res = await r.imp.POST(post("/api/prompts/import", body), {});
      expect(res.status, label).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code, label).toBe(code);
    }
    expect(await exported()).toMatchObject({ prompts: before.prompts });
  });

  it("imports back what it exported after a delete (201)", async () => {
    const file = await exported();
    expect((await r.one.DELETE(req(`/api/prompts/${id}`, { method: "DELETE" }), ctx(id))).status).toBe(200);
    expect((await exported()).prompts).toEqual([]);
    const res = await r.imp.POST(post("/api/prompts/import", file), {});
    expect(res.status).toBe(201);
    expect((await exported()).prompts).toEqual(file.prompts);
  });
});
