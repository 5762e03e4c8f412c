import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { toFieldIssues } from "@/lib/schemas/generation";
import { formatBytes } from "@/lib/shared/bytes";
import { BodyTooLarge, readBodyText } from "@/lib/shared/read-body";
import type { Role } from "@/lib/schemas/accounts";
import type { Actor } from "../auth/actor";
import { authorize, defaultRole } from "../auth/authorize";
import { crossOriginRefusal } from "./cross-origin";
import { env } from "../platform/env";
import { AppError, type ErrorBody } from "../platform/errors";
import { log } from "../platform/log";

// One wrapper for every route handler: it refuses changes sent from another site's page, checks
// the caller's session and role (team mode), turns
// thrown errors into our error body with a fitting status, stamps a request id, and never lets
// a stack trace or a secret out.

type PublicHandler<C> = (req: Request, ctx: C) => Promise<Response>;
/** A handler that needs an account: it is told whose (the local admin with sign-in off). */
type Handler<C> = (req: Request, ctx: C, actor: Actor) => Promise<Response>;

export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(body), { ...init, headers });
}

export function errorResponse(error: AppError, requestId: string): Response {
  const body: ErrorBody & Record<string, unknown> = {
    ...error.extra.body,
    error: {
      code: error.code,
      message: error.message,
      ...(error.extra.issues ? { issues: error.extra.issues } : {}),
      requestId,
    },
  };
  const headers: Record<string, string> = { "x-request-id": requestId };
  if (error.extra.retryAfterS !== undefined)
    headers["retry-after"] = String(Math.max(0, Math.ceil(error.extra.retryAfterS)));
  return json(body, { status: error.status, headers });
}

export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  // Any zod error (classic or mini): both extend core's $ZodError.
  if (error instanceof z.core.$ZodError) {
    const issues = toFieldIssues(error);
    const fields = [...new Set(issues.map((i) => i.path))].join(", ");
    return new AppError("invalid_request", `Invalid ${fields}: ${issues[0]?.message ?? "check the request"}`, {
      issues,
    });
  }
  return undefined;
}

/** The studio's public URL is its own origin too (a proxy in front may change the Host header). */
function trustedOrigins(): string[] {
  const publicUrl = env().STUDIO_PUBLIC_URL;
  return publicUrl ? [new URL(publicUrl).origin] : [];
}

/** The context Next hands the handlers of a route under an `[id]` folder. */
export type IdParams = { params: Promise<{ id: string }> };

/**
 * A route that needs an account when sign-in is on: reading needs any role, changing needs a
 * member, unless `role` says otherwise.
 */
export function route<C = unknown>(name: string, handler: Handler<C>, options: { role?: Role } = {}): PublicHandler<C> {
  return publicRoute<C>(name, async (req, ctx) =>
    handler(req, ctx, await authorize(req, options.role ?? defaultRole(req.method))),
  );
}

/**
 * A route anyone may call, signed in or not: sign-in itself, health, AceData's callbacks and
 * the upload links it fetches (both named by unguessable secrets).
 */
export function publicRoute<C = unknown>(name: string, handler: PublicHandler<C>): PublicHandler<C> {
  return async (req, ctx) => {
    const requestId = randomUUID();
    try {
      const refusal = crossOriginRefusal(req, trustedOrigins());
      if (refusal) throw new AppError("cross_origin", refusal);
      const res = await handler(req, ctx);
      res.headers.set("x-request-id", requestId);
      return res;
    } catch (error) {
      const known = toAppError(error);
      if (known) {
        if (known.status >= 500)
          log.warn("request failed", {
            route: name,
            requestId,
            status: known.status,
            code: known.code,
            message: known.message,
          });
        return errorResponse(known, requestId);
      }
      // Unknown failures: log the details server-side under the request id, answer with the id only.
      log.error("unhandled error", {
        route: name,
        requestId,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      });
      return errorResponse(
        new AppError("internal_error", `Something went wrong on the studio's side (request ${requestId}).`),
        requestId,
      );
    }
  };
}

/** Reads a JSON body with a byte cap: too large → 413, empty or malformed → 400. */
export async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  let text: string;
  try {
    text = await readBodyText(req, maxBytes);
  } catch (error) {
    if (error instanceof BodyTooLarge)
      throw new AppError("body_too_large", `The request body is larger than ${formatBytes(maxBytes)}.`);
    throw error;
  }
  if (text.trim() === "") throw new AppError("invalid_json", "The request body is empty; send a JSON object.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
}

/**
 * The request's JSON body as the route's schema declares it: read with readJson's cap (413,
 * invalid_json), then checked, so the service gets typed input. A body the schema refuses throws
 * its zod error, which toAppError answers with 400 `invalid_request` and the field issues.
 * `before` runs between the two, given the body as read: a precondition of the whole request
 * (team mode) or a plainer refusal of a body of another kind answers ahead of the fields.
 */
export async function readBody<S extends z.core.$ZodType>(
  req: Request,
  schema: S,
  maxBytes: number,
  options: { before?: (body: unknown) => void } = {},
): Promise<z.output<S>> {
  const body = await readJson(req, maxBytes);
  options.before?.(body);
  return z.parse(schema, body);
}

/** The search parameters as the route's schema declares them (a repeated name: its last value); refused as readBody's are. */
export function readQuery<S extends z.core.$ZodType>(req: Request, schema: S): z.output<S> {
  return z.parse(schema, Object.fromEntries(new URL(req.url).searchParams));
}

/** `Content-Disposition` that saves a file under `name`: an ASCII fallback and the exact name (RFC 6266/5987). */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/"/g, "_");
  // RFC 5987: encodeURIComponent leaves ' ( ) * bare, which that syntax does not allow.
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
