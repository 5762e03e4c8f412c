import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "../platform/env";

// Callbacks are not signed by the provider, so each submission gets its own unguessable URL:
// 256 random bits, of which only a sha256 is stored. A leaked database cannot forge callbacks,
// and a guess cannot be checked faster than one request at a time.

const SECRET_PATTERN = /^[0-9a-f]{64}$/;

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** A fresh secret and the callback URL carrying it, or undefined when the studio has no public URL. */
export function newCallback(): { secret: string; hash: string; url: string } | undefined {
  const base = env().STUDIO_PUBLIC_URL;
  if (!base) return undefined;
  const secret = randomBytes(32).toString("hex");
  return { secret, hash: hashSecret(secret), url: callbackUrlFor(base, secret) };
}

export function callbackUrlFor(base: string, secret: string): string {
  return `${base.replace(/\/$/, "")}/api/callbacks/${secret}`;
}

export function isWellFormedSecret(secret: string): boolean {
  return SECRET_PATTERN.test(secret);
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
