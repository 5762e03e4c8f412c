import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { ServiceId } from "@/lib/schemas/catalog";
import { parseRange } from "@/lib/shared/range";
import { readBodyText } from "@/lib/shared/read-body";
import { DEFAULT_MESSAGE_BY_CODE, errorBody, STATUS_BY_CODE, type TaskPhase } from "./contract";
import { FaultBook, FILE_CUT, messageOf, parseFaults, promptFault, statusOf, type Fault } from "./faults";
import { TaskStore, type EmulatedTask } from "./store";
import { serviceRules, stillOf, validateFor, type RenderSpec } from "./services";
import { produceVideo, stillImage } from "./video";

// An emulator of the AceData video APIs (shared/acedata-sora-contract.md and
// acedata-video-providers.md), reached over HTTP at /api/emulator/<service>/* exactly like the
// real services; what differs between services is in services.ts. Time drives the phases:
// pending for the first fifth of the latency, processing until the latency has passed and the
// MP4 is rendered, then succeeded or failed. It never imports the studio's server code.

export type EmulatorConfig = {
  latencyMs: number;
  /** When set, the only accepted bearer; otherwise any non-empty bearer works. */
  token?: string;
  urlTtlS: number;
  dataDir: string;
  faults?: string;
  /**
   * The origin of the signed file URLs and of callbacks' links (no trailing slash). The studio
   * passes the address it reaches the emulator at, an origin it trusts to fetch from; unset,
   * the origin each request came in on.
   */
  fileOrigin?: string;
  /** "bundled": answer with the bundled clip that matches, without rendering (see video.ts). */
  render?: "ffmpeg" | "bundled";
  /** The emulator's clock; a benchmark passes a fast one to play minutes in seconds. */
  now?: () => number;
};

const PENDING_SHARE = 0.2;
/** A slow-answer fault never holds a request longer than this. */
const MAX_FAULT_DELAY_MS = 120_000;

export class Emulator {
  readonly faults = new FaultBook();
  private readonly store: TaskStore;
  private readonly secret: Buffer;
  private readonly videoDir: string;
  private readonly renders = new Map<string, Promise<string>>();

  private readonly now: () => number;

  constructor(private readonly config: EmulatorConfig) {
    this.now = config.now ?? Date.now;
    const dir = path.join(config.dataDir, "emulator");
    fs.mkdirSync(dir, { recursive: true });
    this.videoDir = path.join(dir, "videos");
    this.store = new TaskStore(path.join(dir, "tasks"));
    this.secret = loadSecret(path.join(dir, "signing.key"));
    if (config.faults) this.faults.set(parseFaults(JSON.parse(config.faults)));
    // Work owed by tasks accepted before a restart: unfinished renders and callbacks.
    for (const task of this.store.all()) {
      if (task.outcome.kind === "succeeded" && !(task.file && fs.existsSync(task.file))) void this.render(task);
      if (task.request.callback_url && !task.callbackDone) this.scheduleCallback(task);
    }
  }

  // --- routes -------------------------------------------------------------------------

  async videos(req: Request, service: ServiceId = "sora"): Promise<Response> {
    const traceId = randomUUID();
    const denied = this.checkAuth(req, traceId);
    if (denied) return denied;
    const body = await readBody(req);
    if (body === undefined) return reply(400, errorBody("bad_request", "the body must be valid JSON", traceId));
    const faulted = await this.injected("create", traceId);
    if (faulted) return faulted;
    const valid = validateFor(service, body);
    if (!valid.ok) return reply(400, errorBody("bad_request", valid.message, traceId));

    const request = valid.body;
    const fault = promptFault(request.prompt) ?? this.faults.take("task");
    const task: EmulatedTask = {
      id: randomUUID(),
      service,
      traceId,
      videoId: `${request.model}:task_${randomBytes(13).toString("hex")}`,
      createdAt: this.now(),
      origin: this.originOf(req),
      request,
      spec: serviceRules(service).render(request),
      outcome: fault
        ? { kind: "failed", code: fault.code, message: messageOf(fault), bare: fault.bare === true }
        : { kind: "succeeded" },
    };
    this.store.put(task);
    if (task.outcome.kind === "succeeded") void this.render(task);
    if (request.callback_url) this.scheduleCallback(task);

    if (request.async === true || request.callback_url) return reply(200, { task_id: task.id, trace_id: traceId });
    // Synchronous mode: hold the request until the task ends, as the real service does.
    await this.settled(task);
    const answer = this.answer(task, this.originOf(req));
    return reply(task.outcome.kind === "failed" ? (STATUS_BY_CODE[task.outcome.code] ?? 500) : 200, answer);
  }

  async tasks(req: Request, service: ServiceId = "sora"): Promise<Response> {
    const traceId = randomUUID();
    const denied = this.checkAuth(req, traceId);
    if (denied) return denied;
    const body = (await readBody(req)) as Record<string, unknown> | undefined;
    if (body === undefined || typeof body !== "object" || body === null)
      return reply(400, errorBody("bad_request", "the body must be valid JSON", traceId));
    const faulted = await this.injected("retrieve", traceId);
    if (faulted) return faulted;
    const origin = this.originOf(req);
    if (body.action === "retrieve") {
      if (typeof body.id !== "string" || body.id === "")
        return reply(400, errorBody("bad_request", "id is required", traceId));
      const task = this.taskOf(service, body.id);
      if (!task) return reply(400, errorBody("bad_request", `no task with id ${body.id}`, traceId));
      return reply(200, this.record(task, origin));
    }
    if (body.action === "retrieve_batch") {
      if (!Array.isArray(body.ids) || body.ids.some((id) => typeof id !== "string"))
        return reply(400, errorBody("bad_request", "ids must be an array of task ids", traceId));
      const items = (body.ids as string[])
        .map((id) => this.taskOf(service, id))
        .filter((t): t is EmulatedTask => t !== undefined)
        .map((t) => this.record(t, origin));
      return reply(200, { items, count: items.length });
    }
    return reply(400, errorBody("bad_request", "action must be retrieve or retrieve_batch", traceId));
  }

  /** A task as its own service knows it: a task id means nothing to another service. */
  private taskOf(service: ServiceId, id: string): EmulatedTask | undefined {
    const task = this.store.get(id);
    return task && task.service === service ? task : undefined;
  }

  /** Serves a rendered MP4 (or its still, `.jpg`) behind its signed, expiring URL, with Range support. */
  async file(req: Request, name: string): Promise<Response> {
    const url = new URL(req.url);
    let videoId: string;
    const still = name.endsWith(".jpg");
    try {
      videoId = decodeURIComponent(name.replace(/\.(mp4|jpg)$/, ""));
    } catch {
      return new Response("not found", { status: 404 });
    }
    const st = url.searchParams.get("st") ?? "";
    const se = url.searchParams.get("se") ?? "";
    const given = Buffer.from(url.searchParams.get("sig") ?? "");
    const expected = Buffer.from(this.sign(still ? `${videoId}.jpg` : videoId, st, se));
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return new Response("signature does not match", { status: 403 });
    if (Date.now() / 1000 > Number(se)) return new Response("this link has expired", { status: 403 });
    const task = this.store.byVideoId(videoId);
    if (!task?.file || !fs.existsSync(task.file)) return new Response("not found", { status: 404 });
    if (still) {
      const which = stillOf(task.service, task.request);
      const image = which ? await stillImage(task.file, which, this.videoDir) : null;
      if (!image) return new Response("not found", { status: 404 });
      return new Response(fs.readFileSync(image), { headers: { "content-type": "image/jpeg" } });
    }
    // Download faults hit bodies only: a HEAD has nothing to cut.
    const fault = req.method === "GET" ? this.faults.take("file") : undefined;
    if (fault?.delayMs) await sleep(Math.min(fault.delayMs, MAX_FAULT_DELAY_MS));
    if (fault && fault.code !== FILE_CUT)
      return new Response(messageOf(fault), { status: statusOf(fault), headers: { "content-type": "text/plain" } });
    return serveFile(task.file, req, fault?.afterBytes ?? (fault ? 0 : undefined));
  }

  /** A path that is no service of AceData's: what the real platform answers. */
  noApi(): Response {
    return reply(404, errorBody("no_api", "no API is served at this path", randomUUID()));
  }

  /** GET lists armed faults, POST replaces them, DELETE clears them. */
  async faultsRoute(req: Request): Promise<Response> {
    const traceId = randomUUID();
    const denied = this.checkAuth(req, traceId);
    if (denied) return denied;
    if (req.method === "DELETE") this.faults.set([]);
    if (req.method === "POST") {
      try {
        const body = (await readBody(req)) as { faults?: unknown } | undefined;
        this.faults.set(parseFaults(body?.faults ?? body));
      } catch (error) {
        return reply(400, errorBody("bad_request", error instanceof Error ? error.message : "invalid faults", traceId));
      }
    }
    return reply(200, { faults: this.faults.list() });
  }

  // --- task model ---------------------------------------------------------------------

  phase(task: EmulatedTask, now = this.now()): TaskPhase {
    const age = now - task.createdAt;
    if (age < this.config.latencyMs * PENDING_SHARE) return "pending";
    if (age < this.config.latencyMs) return "processing";
    if (task.outcome.kind === "failed") return "failed";
    return task.file ? "succeeded" : "processing";
  }

  private record(task: EmulatedTask, origin: string) {
    const phase = this.phase(task);
    const base = {
      id: task.id,
      created_at: Math.floor(task.createdAt / 1000),
      type: "videos",
      trace_id: task.traceId,
      request: task.request,
    };
    // Sora's contract has no `response` while pending; the other services always carry one, with
    // a running state word, so that status-word readers never take a running task for finished.
    if (phase === "pending" && task.service === "sora") return base;
    return { ...base, response: this.answer(task, origin) };
  }

  /** The body of a sync answer, a callback and a record's `response`: the same shape in all three. */
  private answer(task: EmulatedTask, origin: string) {
    const phase = this.phase(task);
    const service = task.service;
    const finishedAt = task.createdAt + this.config.latencyMs;
    // An honest `state` in every record: the provider's own SDK reads the end of a task from it.
    return serviceRules(service).answer({
      taskId: task.id,
      traceId: task.traceId,
      videoId: task.videoId,
      body: task.request,
      phase,
      createdAt: task.createdAt,
      finishedAt,
      spec: this.specOf(task),
      ...(phase === "succeeded"
        ? {
            videoUrl: this.signedUrl(task, origin, "mp4"),
            ...(stillOf(service, task.request) ? { frameUrl: this.signedUrl(task, origin, "jpg") } : {}),
          }
        : {}),
      ...(phase === "failed" && task.outcome.kind === "failed"
        ? { error: { code: task.outcome.code, message: task.outcome.message, bare: task.outcome.bare } }
        : {}),
    });
  }

  /** The clip a task renders (tasks stored before services had specs are Sora's). */
  private specOf(task: EmulatedTask): RenderSpec {
    return task.spec ?? serviceRules("sora").render(task.request);
  }

  private signedUrl(task: EmulatedTask, origin: string, kind: "mp4" | "jpg"): string {
    // Signed when the clip is there, as the real service signs at completion: a slow render does
    // not eat into the link's life.
    const st = Math.floor(Math.max(task.createdAt + this.config.latencyMs, task.readyAt ?? 0) / 1000);
    const se = st + this.config.urlTtlS;
    const signed = kind === "jpg" ? `${task.videoId}.jpg` : task.videoId;
    const sig = this.sign(signed, String(st), String(se));
    return `${origin}/api/emulator/files/${encodeURIComponent(task.videoId)}.${kind}?st=${st}&se=${se}&sig=${sig}`;
  }

  private sign(videoId: string, st: string, se: string) {
    return createHmac("sha256", this.secret).update(`${videoId}\n${st}\n${se}`).digest("hex");
  }

  private render(task: EmulatedTask): Promise<string> {
    let pending = this.renders.get(task.id);
    if (!pending) {
      pending = produceVideo(this.specOf(task), this.videoDir, this.config.render).then((file) => {
        const readyAt = this.now();
        this.store.put({ ...task, file, readyAt });
        task.file = file;
        task.readyAt = readyAt;
        return file;
      });
      this.renders.set(task.id, pending);
    }
    return pending;
  }

  private async settled(task: EmulatedTask) {
    // A timer can fire a millisecond before the wall clock says the time is up (timers run on a
    // monotonic clock): wait again until it does, or the answer would still say "processing".
    for (
      let wait = task.createdAt + this.config.latencyMs - this.now();
      wait > 0;
      wait = task.createdAt + this.config.latencyMs - this.now()
    )
      await sleep(wait);
    if (task.outcome.kind === "succeeded") await this.render(task);
  }

  private scheduleCallback(task: EmulatedTask) {
    const callbackUrl = task.request.callback_url as string;
    void (async () => {
      const current = this.store.get(task.id) ?? task;
      await this.settled(current);
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const res = await fetch(callbackUrl, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(this.answer(this.store.get(task.id) ?? current, current.origin)),
            signal: AbortSignal.timeout(10_000),
          });
          if (res.ok) break;
        } catch {
          // retried below
        }
        await sleep(1_000 * 2 ** attempt);
      }
      const latest = this.store.get(task.id);
      if (latest) this.store.put({ ...latest, callbackDone: true });
    })();
  }

  private originOf(req: Request): string {
    return this.config.fileOrigin ?? new URL(req.url).origin;
  }

  private checkAuth(req: Request, traceId: string): Response | undefined {
    const header = req.headers.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) return reply(401, errorBody("invalid_token", "a Bearer token is required", traceId));
    if (this.config.token !== undefined && match[1] !== this.config.token)
      return reply(401, errorBody("invalid_token", DEFAULT_MESSAGE_BY_CODE.invalid_token as string, traceId));
    return undefined;
  }

  private async injected(on: "create" | "retrieve", traceId: string): Promise<Response | undefined> {
    const fault: Fault | undefined = this.faults.take(on);
    if (!fault) return undefined;
    if (fault.delayMs) await sleep(Math.min(fault.delayMs, MAX_FAULT_DELAY_MS));
    const headers: Record<string, string> = {};
    if (fault.retryAfterS !== undefined) headers["retry-after"] = String(fault.retryAfterS);
    else if (statusOf(fault) === 429) headers["retry-after"] = "1";
    return reply(statusOf(fault), errorBody(fault.code, messageOf(fault), traceId, fault.bare), headers);
  }
}

function reply(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

const BODY_MAX_BYTES = 32 * 1024 * 1024;

/** The parsed JSON body, or undefined when it is missing, malformed or over the cap. */
async function readBody(req: Request): Promise<unknown> {
  try {
    return JSON.parse(await readBodyText(req, BODY_MAX_BYTES)) as unknown;
  } catch {
    return undefined;
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function loadSecret(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch {
    const secret = randomBytes(32);
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

/** `cutAfter`: announce the full length but break the body off after this many bytes. */
function serveFile(file: string, req: Request, cutAfter?: number): Response {
  const { size, mtimeMs } = fs.statSync(file);
  const range = parseRange(req.headers.get("range"), size);
  const headers = new Headers({
    "content-type": "video/mp4",
    "accept-ranges": "bytes",
    etag: `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`,
  });
  if (range.kind === "unsatisfiable") {
    headers.set("content-range", `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  const { start, end } = range.kind === "range" ? range.range : { start: 0, end: size - 1 };
  headers.set("content-length", String(end - start + 1));
  if (range.kind === "range") headers.set("content-range", `bytes ${start}-${end}/${size}`);
  if (req.method === "HEAD") return new Response(null, { status: range.kind === "range" ? 206 : 200, headers });
  const stream = Readable.toWeb(fs.createReadStream(file, { start, end })) as ReadableStream<Uint8Array>;
  return new Response(cutAfter === undefined ? stream : cut(stream, cutAfter), {
    status: range.kind === "range" ? 206 : 200,
    headers,
  });
}

/** Passes `limit` bytes, then errors the stream: the server drops the connection mid-body. */
function cut(source: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let sent = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (sent >= limit) {
          await reader.cancel().catch(() => undefined);
          controller.error(new Error("emulated cut: the connection broke mid-download"));
          return;
        }
        const { done, value } = await reader.read();
        if (done) return controller.close();
        const part = value.byteLength > limit - sent ? value.subarray(0, limit - sent) : value;
        sent += part.byteLength;
        controller.enqueue(part);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    // No read-ahead: the error comes only after the last allowed bytes were taken.
    { highWaterMark: 0 },
  );
}
