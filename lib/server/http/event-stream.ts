import "server-only";
import { env } from "../platform/env";
import { taskEvents, type TaskEvent } from "../db/change-feed";
import { log } from "../platform/log";
import { encodeSse, sseFrame, sseResponse, sseStream } from "./sse";

// `GET /api/events`: Server-Sent Events of task changes.
//   event: task     data: {"task": Task}         id: <seq>
//   event: deleted  data: {"id": "<task id>"}    id: <seq>
//   event: ready    data: {}                      (first frame of a fresh connection: refetch the list once)
//   event: reset    data: {}                      (Last-Event-ID too old or unknown: refetch the list)
//   ": ping" comments every SSE_HEARTBEAT_MS keep proxies from closing an idle stream.
// A reconnecting browser sends Last-Event-ID and gets exactly the changes it missed. Streams
// end after SSE_MAX_STREAM_MS, so no connection (or proxy slot) lives for ever; the browser
// resumes from its last id a moment later, and nothing is lost.

const RETRY_MS = 2_000;
/** A browser this far behind (it stopped reading) is cut off; it reconnects and resumes by id. */
const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;
/** The reconnect delay asked for when the studio itself ends a stream (it is healthy: come back now). */
const RESUME_MS = 250;

export function lastEventIdOf(req: Request): number | undefined {
  const raw = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("lastEventId");
  if (raw === null || !/^\d{1,15}$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

/** Events are shared by every open stream: each is serialised and encoded once. */
const encoded = new WeakMap<TaskEvent, Uint8Array>();

function bytesOf(event: TaskEvent): Uint8Array {
  let bytes = encoded.get(event);
  if (!bytes) {
    bytes = encodeSse(
      event.kind === "changed"
        ? sseFrame("task", { task: event.task }, event.seq)
        : sseFrame("deleted", { id: event.taskId }, event.seq),
    );
    encoded.set(event, bytes);
  }
  return bytes;
}

/** How often a stream opened with a session asks whether that session still stands. */
const SESSION_RECHECK_MS = 5_000;

/**
 * `stillAllowed` (team mode): asked every few seconds; once it says no (signed out, signed out
 * everywhere, the account disabled, the session expired), the stream ends, and the browser's
 * reconnect meets the 401 like any other request.
 */
export async function openEventStream(
  req: Request,
  options: { stillAllowed?: () => Promise<boolean> } = {},
): Promise<Response> {
  const hub = taskEvents();
  const resumeFrom = lastEventIdOf(req);
  const head = await hub.head();
  const resumeFrame = `retry: ${RESUME_MS}\n\n`;

  const stream = sseStream(
    {
      signal: req.signal,
      heartbeatMs: env().SSE_HEARTBEAT_MS,
      // When the process stops, the stream ends asking for a quick return.
      onShutdownFrame: resumeFrame,
      maxBacklogBytes: MAX_BACKLOG_BYTES,
    },
    (channel) => {
      let sent = resumeFrom ?? head;
      let replaying = resumeFrom !== undefined;
      const held: TaskEvent[] = [];
      const deliver = (events: TaskEvent[]) => {
        for (const event of events) {
          if (event.seq <= sent) continue; // already sent by the replay
          sent = event.seq;
          channel.send(bytesOf(event));
        }
      };
      channel.onClose(hub.subscribe((events) => (replaying ? held.push(...events) : deliver(events))));
      const { stillAllowed } = options;
      if (stillAllowed) {
        const recheck = setInterval(
          () =>
            void stillAllowed()
              .then((allowed) => allowed || channel.close())
              .catch(() => undefined),
          Math.min(SESSION_RECHECK_MS, env().SSE_HEARTBEAT_MS),
        );
        channel.onClose(() => clearInterval(recheck));
      }
      // At its end of life the stream ends asking for a quick return.
      const lifetime = setTimeout(() => {
        channel.send(resumeFrame);
        channel.close();
      }, env().SSE_MAX_STREAM_MS);
      channel.onClose(() => clearTimeout(lifetime));

      channel.send(`retry: ${RETRY_MS}\n\n`);
      if (resumeFrom === undefined) {
        channel.send(sseFrame("ready", {}, head));
        return;
      }
      void (async () => {
        const missed = await hub.replay(resumeFrom);
        if (missed === "gone") {
          sent = head;
          channel.send(sseFrame("reset", {}, head));
        } else {
          for await (const page of missed) {
            if (channel.closed) return;
            deliver(page);
          }
        }
        replaying = false;
        deliver(held.splice(0));
      })().catch((error: unknown) => {
        log.warn("event replay failed", { error: error instanceof Error ? error.message : String(error) });
        channel.close();
      });
    },
  );
  return sseResponse(stream);
}
