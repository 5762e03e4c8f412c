import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every state-changing route of the studio refuses a request another site's page made a browser
// send (CSRF), before doing anything: it answers 403 with the code cross_origin, and nothing is
// written. The routes are found on disk, so a route added later is covered without listing it.
// The emulator's routes stand in for the upstream service and are not the studio's.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-cross-origin-"));
process.env.STUDIO_DATA_DIR = dataDir;
delete process.env.DATABASE_URL;
process.env.LOG_LEVEL = "silent";

const root = path.resolve(import.meta.dirname, "../..");
const UNSAFE = ["POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = (req: Request, ctx: unknown) => Promise<Response>;

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "emulator" ? [] : routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** Every (method, path, handler) that changes state, with its dynamic segments filled in. */
async function unsafeRoutes() {
  const found: { method: string; url: string; handler: Handler }[] = [];
  for (const file of routeFiles(path.join(root, "app/api"))) {
    const module = (await import(file)) as Record<string, unknown>;
    const url =
      "/" +
      path
        .relative(path.join(root, "app"), path.dirname(file))
        .replace(/\[(\w+)\]/g, "00000000-0000-4000-8000-000000000000");
    for (const method of UNSAFE)
      if (typeof module[method] === "function") found.push({ method, url, handler: module[method] as Handler });
  }
  return found;
}

const ctx = { params: Promise.resolve({ id: "00000000-0000-4000-8000-000000000000", secret: "x", videoId: "x" }) };
const body = JSON.stringify({
  prompt: "Forged",
  model: "sora-2",
  size: "small",
  duration: 10,
  orientation: "landscape",
});

describe("cross-site requests", async () => {
  const routes = await unsafeRoutes();
  const { db } = await import("@/lib/server/db");
  const count = async (table: "tasks" | "prompts") =>
    Number(
      (
        await (
          await db()
        )
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("finds the studio's state-changing routes", () => {
    const names = routes.map((r) => `${r.method} ${r.url}`);
    for (const expected of [
      "POST /api/videos",
      "POST /api/runs",
      "PATCH /api/tasks/",
      "DELETE /api/tasks/",
      "POST /api/import",
      "POST /api/uploads",
      "POST /api/prompts",
    ]) {
      expect(
        names.some((name) => name.startsWith(expected)),
        expected,
      ).toBe(true);
    }
  });

  it.each(["origin", "sec-fetch-site"] as const)(
    "are refused by every one of them, told by %s, and nothing is written",
    async (told) => {
      const before = [await count("tasks"), await count("prompts")];
      for (const { method, url, handler } of routes) {
        const headers: Record<string, string> = { "content-type": "application/json", host: "studio.test" };
        if (told === "origin") headers.origin = "https://evil.example";
        else headers["sec-fetch-site"] = "cross-site";
        const res = await handler(new Request(`http://studio.test${url}`, { method, headers, body }), ctx);
        expect(res.status, `${method} ${url}`).toBe(403);
        const answer = (await res.json()) as { error: { code: string; message: string } };
        expect(answer.error.code, `${method} ${url}`).toBe("cross_origin");
      }
      expect([await count("tasks"), await count("prompts")]).toEqual(before);
    },
  );

  it("still accepts the studio's own page and clients that are not browsers", async () => {
    const videos = routes.find((r) => r.method === "POST" && r.url === "/api/videos");
    if (!videos) throw new Error("POST /api/videos not found");
    const before = await count("tasks");
    const own = await videos.handler(
      new Request("http://studio.test/api/videos", {
        method: "POST",
        headers: { "content-type": "application/json", "sec-fetch-site": "same-origin", origin: "http://studio.test" },
        body,
      }),
      ctx,
    );
    expect(own.status, await own.clone().text()).toBe(202);
    const curl = await videos.handler(
      new Request("http://studio.test/api/videos", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      }),
      ctx,
    );
    expect(curl.status).toBe(202);
    expect(await count("tasks")).toBe(before + 2);
  });
});
