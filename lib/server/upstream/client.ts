import "server-only";
import type { ServiceId } from "@/lib/schemas/catalog";
import { createCall, tasksPath } from "@/lib/schemas/catalog/create-body";
import type { GenerationRequest } from "@/lib/schemas/generation";
import { env } from "../platform/env";
import { mapUpstreamError, transportFailure, type UpstreamRecord, type UpstreamResponse } from "./records";

// The only module that holds the AceData token and calls upstream. Everything it returns is
// typed; everything it throws is an `UpstreamFailure` with a status and a plain sentence.

/** How a create call is made: always in async mode, with the per-task callback when there is one. */
export type CreateMode = { async: true; callback_url?: string };
export type CreateAnswer = { task_id: string; trace_id?: string } & UpstreamResponse;

/** Every call names its service: a task id is only known to the service that made it. */
export type AceDataClient = {
  create(request: GenerationRequest, mode: CreateMode): Promise<CreateAnswer>;
  retrieve(service: ServiceId, taskId: string): Promise<UpstreamRecord>;
  retrieveBatch(service: ServiceId, taskIds: string[]): Promise<{ items: UpstreamRecord[]; count: number }>;
};

export type ClientOptions = { baseUrl: string; token: string; timeoutMs: number };

export function createAceDataClient({ baseUrl, token, timeoutMs }: ClientOptions): AceDataClient {
  async function call(path: string, body: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${baseUrl}${path}`, {
        method: "POST",
        headers: { accept: "application/json", authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        cache: "no-store",
      });
    } catch (error) {
      throw transportError(error, timeoutMs);
    }
    let text: string;
    try {
      // Whatever the upstream echoes, our token never travels further than this line.
      text = (await res.text()).split(token).join("[redacted]");
    } catch (error) {
      throw transportError(error, timeoutMs);
    }
    const parsed = parseJson(text);
    if (!res.ok) throw mapUpstreamError(res.status, parsed ?? text, res.headers.get("retry-after"));
    if (parsed === undefined || typeof parsed !== "object" || parsed === null) {
      throw transportFailure("cut", "the answer was not JSON");
    }
    // Some failures arrive with a 2xx status and `success: false`: read them by their code.
    if ((parsed as UpstreamResponse).success === false && !("id" in parsed)) throw mapUpstreamError(res.status, parsed);
    return parsed;
  }

  return {
    async create(request, mode) {
      // The catalog turns the studio's request into the service's own body.
      const { path, body } = createCall(request);
      const answer = (await call(path, { ...body, ...mode })) as CreateAnswer;
      if (typeof answer.task_id !== "string" || answer.task_id === "") {
        // It said yes without an id: the task may exist, so it must not be sent again.
        throw transportFailure("cut", "the answer carried no task_id");
      }
      return answer;
    },
    async retrieve(service, taskId) {
      return (await call(tasksPath(service), { action: "retrieve", id: taskId })) as UpstreamRecord;
    },
    async retrieveBatch(service, taskIds) {
      const answer = (await call(tasksPath(service), { action: "retrieve_batch", ids: taskIds })) as {
        items?: unknown;
        count?: number;
      };
      const items = Array.isArray(answer.items) ? (answer.items as UpstreamRecord[]) : [];
      return { items, count: typeof answer.count === "number" ? answer.count : items.length };
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Errors that prove the request never left: nothing can have been created upstream. */
const NOT_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function transportError(error: unknown, timeoutMs: number) {
  const name = error instanceof Error ? error.name : "";
  if (name === "TimeoutError" || name === "AbortError")
    return transportFailure("timeout", `no answer within ${Math.round(timeoutMs / 1000)} s`);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && "code" in cause ? String((cause as { code: unknown }).code) : name || "connection failed";
  return transportFailure(NOT_SENT.has(code) ? "refused" : "cut", code);
}

let client: AceDataClient | undefined;

export function acedata(): AceDataClient {
  const e = env();
  client ??= createAceDataClient({
    baseUrl: e.upstreamBaseUrl,
    token: e.upstreamToken,
    timeoutMs: e.UPSTREAM_TIMEOUT_MS,
  });
  return client;
}
