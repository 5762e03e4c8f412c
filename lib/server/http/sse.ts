import "server-only";
import { onShutdown } from "../platform/shutdown";

// Server-Sent Events, the plumbing both live streams share (the task feed, /api/events, and a
// film export's progress): one frame format, one set of headers that keep proxies from
// buffering, and one way a stream ends (the browser leaves, the stream cancels, the process
// stops, or the stream itself is done), after which nothing more is written.

const encoder = new TextEncoder();

/** One event: `id:` (when given), `event:` and its data as JSON. */
export function sseFrame(event: string, data: unknown, id?: number): string {
  return `${id === undefined ? "" : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function encodeSse(text: string): Uint8Array {
  return encoder.encode(text);
}

export type SseChannel = {
  /** Writes a frame (ignored once the stream has ended). */
  send(chunk: string | Uint8Array): void;
  /** Ends the stream (idempotent); the browser's EventSource reconnects after its retry delay. */
  close(): void;
  /** Runs when the stream ends, however it ends. */
  onClose(cleanup: () => void): void;
  readonly closed: boolean;
};

export type SseOptions = {
  signal: AbortSignal;
  /** A `: ping` comment this often, so idle proxies keep the stream. */
  heartbeatMs: number;
  /** The last words when the process stops (e.g. a short `retry:` so the browser comes back soon). */
  onShutdownFrame?: string;
  /** A reader this far behind (it stopped reading) is cut off; it reconnects and resumes. */
  maxBacklogBytes?: number;
};

export function sseStream(options: SseOptions, start: (channel: SseChannel) => void): ReadableStream<Uint8Array> {
  const cleanups: (() => void)[] = [];
  let closed = false;
  let close = () => {};
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const channel: SseChannel = {
          send(chunk) {
            if (closed) return;
            try {
              controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
              if (options.maxBacklogBytes !== undefined && (controller.desiredSize ?? 0) < -options.maxBacklogBytes)
                channel.close();
            } catch {
              channel.close();
            }
          },
          close() {
            if (closed) return;
            closed = true;
            for (const cleanup of cleanups.splice(0)) cleanup();
            try {
              controller.close();
            } catch {
              // already closed by the client going away
            }
          },
          onClose(cleanup) {
            if (closed) cleanup();
            else cleanups.push(cleanup);
          },
          get closed() {
            return closed;
          },
        };
        close = () => channel.close();
        const heartbeat = setInterval(() => channel.send(`: ping ${Date.now()}\n\n`), options.heartbeatMs);
        channel.onClose(() => clearInterval(heartbeat));
        channel.onClose(
          onShutdown(() => {
            if (options.onShutdownFrame) channel.send(options.onShutdownFrame);
            channel.close();
          }),
        );
        options.signal.addEventListener("abort", close, { once: true });
        channel.onClose(() => options.signal.removeEventListener("abort", close));
        start(channel);
      },
      cancel() {
        close();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

/** The response of a stream: no caching, no transformation, no proxy buffering. */
export function sseResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform: proxies and compression must not buffer the stream.
      "cache-control": "no-cache, no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
