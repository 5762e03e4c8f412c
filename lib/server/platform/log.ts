import "server-only";
import { env } from "./env";

// Structured one-line JSON logs. Every line passes through `redact`, so a secret that slips
// into an error message (an upstream echo, a URL) still never reaches the log.

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = Exclude<keyof typeof LEVELS, "silent">;

export function redact(text: string): string {
  const secrets = [
    env().ACEDATACLOUD_API_TOKEN,
    env().EMULATOR_TOKEN,
    env().STUDIO_SESSION_SECRET,
    env().STUDIO_ADMIN_PASSWORD,
  ];
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
  return out
    .replace(/(authorization["']?\s*[:=]\s*["']?Bearer\s+)[^\s"',}]+/gi, "$1[redacted]")
    .replace(/(\/api\/callbacks\/)[0-9a-f]{64}/gi, "$1[redacted]");
}

function write(level: Level, msg: string, fields: Record<string, unknown>) {
  if (LEVELS[level] < LEVELS[env().LOG_LEVEL]) return;
  const line = redact(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(`${line}\n`);
}

export const log = {
  debug: (msg: string, fields: Record<string, unknown> = {}) => write("debug", msg, fields),
  info: (msg: string, fields: Record<string, unknown> = {}) => write("info", msg, fields),
  warn: (msg: string, fields: Record<string, unknown> = {}) => write("warn", msg, fields),
  error: (msg: string, fields: Record<string, unknown> = {}) => write("error", msg, fields),
};
