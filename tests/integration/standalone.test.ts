import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionClient } from "../support/session-client";
import { freePort, waitFor } from "../support/studio";
import { videoRequest } from "../support/requests";

// The deployable server as the Dockerfile ships it: `.next/standalone` with `.next/static` (and
// `public`, when there is one) copied in, moved out of the project so nothing can be found by
// reaching back into the source tree, started with `node server.js` in team mode as
// deploy/compose.yaml runs it. No ffmpeg on its PATH, so the emulator answers with its bundled
// MP4s: a video that plays proves they were traced into the standalone output.

const root = path.resolve(import.meta.dirname, "..", "..");
const standalone = path.join(root, ".next", "standalone");
const ASSET = "landscape-small-10s.mp4";
const ADMIN = { email: "admin@example.com", password: "a long admin password" };
const valid = videoRequest("A lighthouse in a storm");

const work = fs.mkdtempSync(path.join(os.tmpdir(), "studio-standalone-"));
const app = path.join(work, "app");
const dataDir = path.join(work, "data");
const emptyBin = path.join(work, "bin");
let child: ChildProcess | undefined;
let log = "";
let url = "";

beforeAll(async () => {
  if (!fs.existsSync(path.join(standalone, "server.js")))
    throw new Error("No standalone build: run `npx next build` (npm test does it) first.");
  // The Dockerfile's runtime stage, step by step.
  fs.cpSync(standalone, app, { recursive: true });
  fs.cpSync(path.join(root, ".next", "static"), path.join(app, ".next", "static"), { recursive: true });
  if (fs.existsSync(path.join(root, "public")))
    fs.cpSync(path.join(root, "public"), path.join(app, "public"), { recursive: true });
  fs.mkdirSync(dataDir);
  fs.mkdirSync(emptyBin);

  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (
      v !== undefined &&
      !k.startsWith("ACEDATACLOUD_") &&
      !k.startsWith("STUDIO_") &&
      !k.startsWith("EMULATOR_") &&
      k !== "DATABASE_URL"
    )
      env[k] = v;
  }
  child = spawn(process.execPath, ["server.js"], {
    cwd: app,
    env: {
      ...env,
      // node is started by its absolute path; ffmpeg is looked up on this PATH and not found.
      PATH: emptyBin,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      STUDIO_DATA_DIR: dataDir,
      STUDIO_AUTH: "on",
      STUDIO_SESSION_SECRET: "standalone-test-secret-0123456789abcdef",
      STUDIO_ADMIN_EMAIL: ADMIN.email,
      STUDIO_ADMIN_PASSWORD: ADMIN.password,
      EMULATOR_LATENCY_MS: "1500",
      POLL_INTERVAL_MS: "200",
      UPSTREAM_MIN_SUBMIT_INTERVAL_MS: "0",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  await waitFor(
    "the standalone server to answer /api/health",
    async () => {
      if (child?.exitCode !== null) throw new Error(`server.js exited early:\n${log}`);
      return (await fetch(`${url}/api/health`).catch(() => undefined))?.ok ? true : undefined;
    },
    30_000,
  );
});

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child?.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child?.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
  fs.rmSync(work, { recursive: true, force: true });
});

describe("node .next/standalone/server.js, copied out of the project", () => {
  it("answers /api/health without a session: ok, on the emulator and SQLite in STUDIO_DATA_DIR", async () => {
    const res = await fetch(`${url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, upstream: "emulator", database: { kind: "sqlite", ok: true } });
    expect(fs.existsSync(path.join(dataDir, "studio.sqlite"))).toBe(true);
  });

  it("renders the sign-in page and, for the admin from the environment, the studio with its scripts", async () => {
    const anonymous = await fetch(`${url}/`, { redirect: "manual" });
    expect(anonymous.status).toBeGreaterThanOrEqual(300);
    expect(anonymous.status).toBeLessThan(400);
    expect(anonymous.headers.get("location")).toMatch(/\/login/);
    const login = await fetch(`${url}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('<html lang="en"');

    const client = new SessionClient(url);
    expect((await client.login(ADMIN.email, ADMIN.password)).status).toBe(200);
    const page = await client.get("/");
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="en"');
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    // The page's own scripts come from the copied `.next/static`.
    const scripts = [...page.text.matchAll(/<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/g)].map(
      (m) => m[1] as string,
    );
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts.slice(0, 3)) expect((await fetch(`${url}${src}`)).status, src).toBe(200);
    // Messages travel in the bundle: the Chinese page renders too.
    const zh = await client.get("/", { "accept-language": "zh-CN" });
    expect(zh.text).toContain('<html lang="zh-CN"');
  });

  it("generates on the embedded emulator and serves the bundled MP4 it made, byte for byte", async () => {
    const shipped = path.join(app, "lib", "emulator", "assets", ASSET);
    expect(fs.existsSync(shipped), "the emulator's MP4s are in the standalone output (outputFileTracingIncludes)").toBe(
      true,
    );
    const client = new SessionClient(url);
    await client.login(ADMIN.email, ADMIN.password);
    const created = await client.post("/api/videos", valid);
    expect(created.status, created.text).toBe(202);
    const id = created.json.task.id as string;
    const done = await waitFor(
      "the task to succeed and be archived",
      async () => {
        const { json } = await client.get(`/api/tasks/${id}`);
        if (json?.task?.state === "failed") throw new Error(`task failed: ${JSON.stringify(json.task.error)}\n${log}`);
        return json?.task?.state === "succeeded" && json.task.videos[0]?.archived ? json.task : undefined;
      },
      30_000,
    );
    const media = await fetch(`${url}${done.videos[0].url}`, { headers: { cookie: client.cookie ?? "" } });
    expect(media.status).toBe(200);
    expect(media.headers.get("content-type")).toBe("video/mp4");
    const bytes = Buffer.from(await media.arrayBuffer());
    expect(bytes.equals(fs.readFileSync(path.join(root, "lib", "emulator", "assets", ASSET)))).toBe(true);
  });
});
