import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { readAnswer } from "./answer";

// Starts the production build (`next start`) as a real server on a free port, with the
// environment a test chooses. Integration tests talk to it over HTTP only.

const root = path.resolve(import.meta.dirname, "..", "..");

export type Studio = {
  url: string;
  /** The server process's pid (for kill -9 and memory readings). */
  pid: () => number | undefined;
  dataDir: string;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
  restart: () => Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** `buildRoot`: another checkout's production build (the first-load bench runs an older one). */
export async function startStudio(
  env: Record<string, string> = {},
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-test-")),
  buildRoot = root,
): Promise<Studio> {
  if (!fs.existsSync(path.join(buildRoot, ".next", "BUILD_ID")))
    throw new Error("No production build: run `npx next build` (npm test does it) first.");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = "";
  let child: ChildProcess;
  const baseEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("ACEDATACLOUD_") && k !== "DATABASE_URL" && !k.startsWith("EMULATOR_"))
      baseEnv[k] = v;
  }
  // "$STUDIO_URL" in a value stands for the studio's own address (e.g. STUDIO_PUBLIC_URL for callbacks).
  const ownEnv = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replaceAll("$STUDIO_URL", url)]));
  const launch = async () => {
    child = spawn(
      process.execPath,
      [
        path.join(buildRoot, "node_modules", "next", "dist", "bin", "next"),
        "start",
        "-p",
        String(port),
        "-H",
        "127.0.0.1",
      ],
      {
        cwd: buildRoot,
        env: {
          ...baseEnv,
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          PORT: String(port),
          STUDIO_DATA_DIR: dataDir,
          POLL_INTERVAL_MS: "200",
          UPSTREAM_MIN_SUBMIT_INTERVAL_MS: "0",
          // The bundled clips are real MP4s of the asked size and length, answered at once; the
          // tests of the renderer itself ask for "ffmpeg".
          EMULATOR_RENDER: "bundled",
          ...ownEnv,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stdout?.on("data", (d: Buffer) => (log += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (log += d.toString()));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`studio exited early:\n${log}`);
      try {
        const res = await fetch(`${url}/api/health`);
        if (res.ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`studio did not start in 30 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  };
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
  };
  await launch();
  return {
    url,
    dataDir,
    pid: () => child.pid,
    output: () => log,
    stop,
    restart: async () => {
      await stop();
      await launch();
    },
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  everyMs = 150,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return readAnswer(res);
}

/** A task as `GET /api/tasks/:id` answers it (`undefined` when there is none). */
export async function fetchTask(studio: { url: string }, id: string) {
  return (await (await fetch(`${studio.url}/api/tasks/${id}`)).json()).task;
}

/** A studio whose AceData is `upstream` (a fake), reached with `token`, `env` on top. */
export function startStudioAgainst(
  upstream: { url: string },
  token: string,
  env: Record<string, string> = {},
  dataDir?: string,
) {
  return startStudio({ ACEDATACLOUD_API_TOKEN: token, ACEDATACLOUD_API_BASE_URL: upstream.url, ...env }, dataDir);
}

/** Polls upstream every `ms`, never backing off. */
export const pollEvery = (ms: number) => ({ POLL_INTERVAL_MS: String(ms), POLL_MAX_INTERVAL_MS: String(ms) });

/** Polling far too slow (a minute) to move a task during a test, so only a callback (to the studio's own URL) can. */
export const CALLBACKS_ONLY = { STUDIO_PUBLIC_URL: "$STUDIO_URL", ...pollEvery(60_000) };
