// A small Server-Sent Events reader over fetch, for tests: it parses frames as the browser's
// EventSource does (id, event, data, comments) and lets a test wait for the one it expects.

export type SseFrame = { id?: string; event: string; data: string; comment?: string };

export class SseClient {
  readonly frames: SseFrame[] = [];
  private readonly controller = new AbortController();
  private waiters: (() => void)[] = [];
  status = 0;
  /** Set when the server ended the stream. */
  ended = false;

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    const res = await fetch(url, {
      headers: { accept: "text/event-stream", ...headers },
      signal: client.controller.signal,
    });
    client.status = res.status;
    client.headers = res.headers;
    if (res.body) void client.read(res.body);
    return client;
  }

  headers = new Headers();

  private async read(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const frame: SseFrame = { event: "message", data: "" };
          const data: string[] = [];
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) frame.comment = line.slice(1).trim();
            else if (line.startsWith("id: ")) frame.id = line.slice(4);
            else if (line.startsWith("event: ")) frame.event = line.slice(7);
            else if (line.startsWith("data: ")) data.push(line.slice(6));
            else if (line.startsWith("retry: ")) frame.event = "retry";
          }
          frame.data = data.join("\n");
          this.frames.push(frame);
          for (const wake of this.waiters.splice(0)) wake();
        }
      }
      this.ended = true;
    } catch {
      // closed by the test
    }
  }

  /** Waits for a frame (after index `from`) matching `match`. */
  async next(match: (frame: SseFrame) => boolean, timeoutMs = 15_000, from = 0): Promise<SseFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching event within ${timeoutMs} ms; got: ${this.frames.map((f) => f.event).join(", ")}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Task events as parsed objects. */
  tasks(): { id: string; task: any }[] {
    return this.frames
      .filter((f) => f.event === "task")
      .map((f) => ({ id: f.id as string, task: JSON.parse(f.data).task }));
  }

  close() {
    this.controller.abort();
  }
}
