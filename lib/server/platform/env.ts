import "server-only";
import { createHmac } from "node:crypto";
import path from "node:path";
import { z } from "zod";
import { MODEL_IDS } from "@/lib/schemas/catalog";

// The only reader of process.env (besides Next's own NEXT_RUNTIME flag in instrumentation.ts).
// Parsed once; a bad value stops the server with a message that names the variable.

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const int = (fallback: number, min = 0) =>
  z.coerce
    .number()
    .int()
    .min(min)
    .optional()
    .transform((v) => v ?? fallback);

const envSchema = z.object({
  ACEDATACLOUD_API_TOKEN: optionalText,
  ACEDATACLOUD_API_BASE_URL: z.url().default("https://api.acedata.cloud"),
  DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: "DATABASE_URL must be a postgres:// URL (leave it unset for SQLite)",
  }),
  STUDIO_DATA_DIR: z.string().default("./data"),
  STUDIO_PUBLIC_URL: optionalText.pipe(z.url().optional()),
  /** Where the server reaches itself (the embedded emulator); defaults to 127.0.0.1 and the port Next listens on. */
  STUDIO_INTERNAL_URL: optionalText.pipe(z.url().optional()),
  PORT: int(3000, 1),
  UPSTREAM_TIMEOUT_MS: int(30_000, 100),
  UPSTREAM_MAX_IN_FLIGHT: int(5, 1),
  UPSTREAM_MIN_SUBMIT_INTERVAL_MS: int(2_000),
  /** How often the poller asks about a just-submitted task; it slows to the max as the task ages. */
  POLL_INTERVAL_MS: int(3_000, 50),
  POLL_MAX_INTERVAL_MS: int(15_000, 50),
  /** Over how long the interval grows from POLL_INTERVAL_MS to POLL_MAX_INTERVAL_MS. */
  POLL_RAMP_MS: int(120_000),
  /** Safety-net interval for tasks with a callback, once callbacks are known to arrive. */
  POLL_CALLBACK_INTERVAL_MS: int(60_000, 50),
  /** How long the background worker's lease lasts: another process takes over this long after its holder dies. */
  WORKER_LEASE_MS: int(15_000, 1_000),
  /** A film export whose renderer stopped reporting for this long (its process died) is started again. */
  EXPORT_LEASE_MS: int(30_000, 1_000),
  /** How often each instance reads the change feed without being told (a safety net under NOTIFY on Postgres). */
  EVENTS_SWEEP_MS: int(2_000, 100),
  /** A comment line on every open event stream this often, so proxies keep it open. */
  SSE_HEARTBEAT_MS: int(15_000, 100),
  /** Each event stream is closed after this long; the browser reconnects at once and resumes by id. */
  SSE_MAX_STREAM_MS: int(15 * 60_000, 1_000),
  /** A task still unfinished after this long is failed with a clear reason. */
  TASK_DEADLINE_MS: int(30 * 60_000, 1_000),
  EMULATOR_LATENCY_MS: int(12_000),
  EMULATOR_TOKEN: optionalText,
  EMULATOR_FAULTS: optionalText,
  EMULATOR_URL_TTL_S: int(6 * 24 * 3600, 1),
  /**
   * "ffmpeg": the emulator draws each prompt on its video (when ffmpeg is installed). "bundled":
   * it answers with the matching clip of the small bundled set at once (the test suites use
   * it where what is drawn does not matter, to spend no CPU on renders).
   */
  EMULATOR_RENDER: optionalText.pipe(z.enum(["ffmpeg", "bundled"]).optional()).transform((v) => v ?? "ffmpeg"),
  /** The models this studio offers (comma-separated catalog ids); unset: every model of the catalog. */
  STUDIO_MODELS: optionalText.transform((v, ctx) => {
    if (v === undefined) return [...MODEL_IDS];
    const ids = [
      ...new Set(
        v
          .split(",")
          .map((id) => id.trim())
          .filter((id) => id !== ""),
      ),
    ];
    for (const id of ids)
      if (!MODEL_IDS.includes(id))
        ctx.addIssue({ code: "custom", message: `${id} is not a model of the catalog (GET /api/models lists them)` });
    if (ids.length === 0) ctx.addIssue({ code: "custom", message: "name at least one model" });
    return ids;
  }),
  /** The model the composer starts with; unset: sora-2 when offered, else the first offered model. */
  STUDIO_DEFAULT_MODEL: optionalText,
  /** "off": one person on their own machine, no sign-in. "on": a team's hosted studio; everything but sign-in needs a session. */
  STUDIO_AUTH: optionalText.pipe(z.enum(["off", "on"]).optional()).transform((v) => v ?? "off"),
  /** Seals the session cookies; required (32+ characters) when STUDIO_AUTH=on. */
  STUDIO_SESSION_SECRET: optionalText,
  STUDIO_ADMIN_EMAIL: optionalText,
  STUDIO_ADMIN_PASSWORD: optionalText,
  /**
   * Origins (comma-separated) whose URLs the server fetches without the private-address check
   * of safe-fetch.ts: a provider's file host on a private network, or a test's fake provider.
   */
  STUDIO_FETCH_ALLOW_ORIGINS: optionalText.transform((v, ctx) => {
    const origins: string[] = [];
    for (const entry of (v ?? "")
      .split(",")
      .map((e) => e.trim())
      .filter((e) => e !== "")) {
      let url: URL | undefined;
      try {
        url = new URL(entry);
      } catch {
        // reported below
      }
      if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
        ctx.addIssue({ code: "custom", message: `"${entry}" is not an http:// or https:// origin` });
        return z.NEVER;
      }
      origins.push(url.origin);
    }
    return origins;
  }),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export type Env = z.output<typeof envSchema> & {
  /** True when no token is set: the studio talks to its embedded emulator. */
  emulated: boolean;
  /** The base URL the upstream client calls. */
  upstreamBaseUrl: string;
  /** The bearer the upstream client sends (a fixed local value for the emulator). */
  upstreamToken: string;
  /** Where the server reaches itself (STUDIO_INTERNAL_URL or http://127.0.0.1:PORT), no trailing slash. */
  internalUrl: string;
  dataDir: string;
  /** STUDIO_DEFAULT_MODEL, checked to be offered, or its default. */
  defaultModel: string;
};

export const EMULATOR_LOCAL_TOKEN = "studio-emulator";

/**
 * The embedded emulator's bearer. On a single user's machine a fixed value will do; a hosted
 * studio's emulator is reachable by anyone who can reach the studio, so there the token is
 * derived from the session secret and known only to the server.
 */
function emulatorToken(sessionSecret: string | undefined): string {
  return sessionSecret
    ? createHmac("sha256", sessionSecret).update("emulator-token").digest("base64url")
    : EMULATOR_LOCAL_TOKEN;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  if (env.STUDIO_AUTH === "on" && (env.STUDIO_SESSION_SECRET?.length ?? 0) < 32) {
    throw new Error(
      "Invalid environment:\n  STUDIO_SESSION_SECRET: must be set to at least 32 random characters when STUDIO_AUTH=on (e.g. `openssl rand -base64 32`)",
    );
  }
  if ((env.STUDIO_ADMIN_EMAIL === undefined) !== (env.STUDIO_ADMIN_PASSWORD === undefined)) {
    throw new Error("Invalid environment:\n  STUDIO_ADMIN_EMAIL, STUDIO_ADMIN_PASSWORD: set both or neither");
  }
  const defaultModel =
    env.STUDIO_DEFAULT_MODEL ?? (env.STUDIO_MODELS.includes("sora-2") ? "sora-2" : (env.STUDIO_MODELS[0] as string));
  if (!env.STUDIO_MODELS.includes(defaultModel)) {
    throw new Error(
      `Invalid environment:\n  STUDIO_DEFAULT_MODEL: ${defaultModel} is not among the offered models (STUDIO_MODELS)`,
    );
  }
  const emulated = env.ACEDATACLOUD_API_TOKEN === undefined;
  const internal = (env.STUDIO_INTERNAL_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/$/, "");
  return {
    ...env,
    emulated,
    upstreamBaseUrl: emulated ? `${internal}/api/emulator` : env.ACEDATACLOUD_API_BASE_URL.replace(/\/$/, ""),
    upstreamToken:
      env.ACEDATACLOUD_API_TOKEN ??
      env.EMULATOR_TOKEN ??
      emulatorToken(env.STUDIO_AUTH === "on" ? env.STUDIO_SESSION_SECRET : undefined),
    internalUrl: internal,
    defaultModel,
    dataDir: path.resolve(env.STUDIO_DATA_DIR),
  };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
