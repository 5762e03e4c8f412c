import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";

// A recording stand-in for AceData: it keeps every request it receives (method, path,
// headers, parsed body) and answers as each test programs it.

export type Recorded = { method: string; path: string; headers: http.IncomingHttpHeaders; body: any; at: number };
/** `reset`: read the request, then drop the connection without an answer. */
export type Answer = {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  reset?: boolean;
};

export class FakeUpstream {
  readonly requests: Recorded[] = [];
  /** Answers for the next create calls, in order; when empty, a fresh task id is returned. */
  readonly createAnswers: Answer[] = [];
  /** The `response` each upstream task id reports on retrieve (absent = pending). */
  readonly responses = new Map<string, unknown>();
  /** Task ids that retrieve_batch silently omits. */
  readonly omitted = new Set<string>();
  readonly batchAnswers: Answer[] = [];
  /** Answers for the next single `retrieve` calls, in order. */
  readonly retrieveAnswers: Answer[] = [];
  /** The create body each task was made with, echoed as `request` in its records. */
  readonly createdWith = new Map<string, unknown>();
  /** The service each created task id was made on (the path's first segment). */
  readonly madeBy = new Map<string, string>();
  videoBytes = Buffer.alloc(0);
  private server = http.createServer((req, res) => void this.handle(req, res));
  url = "";

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop() {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(resolve));
  }

  calls(path: string) {
    return this.requests.filter((r) => r.path === path);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: any = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // keep raw text
    }
    const url = new URL(req.url ?? "/", this.url);
    if (url.pathname === "/video.mp4") return this.serveVideo(req, res);
    this.requests.push({ method: req.method ?? "", path: url.pathname, headers: req.headers, body, at: Date.now() });
    const send = async (answer: Answer) => {
      if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
      if (res.destroyed) return;
      if (answer.reset) return void req.socket.destroy();
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body));
    };
    const route = /^\/([a-z]+)\/(videos|tasks)$/.exec(url.pathname);
    const service = route?.[1] ?? "";
    if (route?.[2] === "videos") {
      const answer = this.createAnswers.shift() ?? {
        status: 200,
        body: { task_id: randomUUID(), trace_id: randomUUID() },
      };
      const taskId = (answer.body as { task_id?: unknown } | undefined)?.task_id;
      if (typeof taskId === "string") {
        this.createdWith.set(taskId, body);
        this.madeBy.set(taskId, service);
      }
      return send(answer);
    }
    if (route?.[2] === "tasks") {
      const queued = this.batchAnswers.shift();
      if (queued) return send(queued);
      const record = (id: string) => {
        const response = this.responses.get(id);
        return {
          id,
          created_at: Math.floor(Date.now() / 1000),
          type: "videos",
          trace_id: "t",
          request: this.createdWith.get(id) ?? {},
          ...(response === undefined ? {} : { response }),
        };
      };
      if (body?.action === "retrieve")
        return send(this.retrieveAnswers.shift() ?? { status: 200, body: record(body.id) });
      // A task id is only known to the service that made it (ids a test seeds directly: to any).
      const known = (id: string) => (this.madeBy.get(id) ?? service) === service;
      const items = (body?.ids ?? []).filter((id: string) => !this.omitted.has(id) && known(id)).map(record);
      return send({ status: 200, body: { items, count: items.length } });
    }
    return send({ status: 404, body: { success: false, error: { code: "no_api", message: "no such api" } } });
  }

  /** Serves `videoBytes` with single-range support, like the provider's file host. */
  private serveVideo(req: http.IncomingMessage, res: http.ServerResponse) {
    const size = this.videoBytes.length;
    const match = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
    if (match) {
      const start = Number(match[1]);
      const end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
      res.writeHead(206, {
        "content-type": "video/mp4",
        "content-range": `bytes ${start}-${end}/${size}`,
        "content-length": end - start + 1,
        "accept-ranges": "bytes",
      });
      return res.end(this.videoBytes.subarray(start, end + 1));
    }
    res.writeHead(200, { "content-type": "video/mp4", "content-length": size, "accept-ranges": "bytes" });
    res.end(this.videoBytes);
  }
}
