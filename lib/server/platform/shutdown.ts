import "server-only";
import { processSingleton } from "@/lib/shared/process-singleton";

// `next start` answers SIGTERM and SIGINT by closing its server and waiting for every open
// request to end before it exits. An event stream lasts up to SSE_MAX_STREAM_MS, so a deploy
// or `docker stop` would hang on it (and be killed). Long-lived responses register here and are
// ended at the signal; browsers reconnect and resume by event id, on the next process.

type Registry = { installed: boolean; stopping: boolean; closers: Set<() => void> };
const registry = () =>
  processSingleton<Registry>("shutdown", () => ({ installed: false, stopping: false, closers: new Set() }));

/** Calls `close` when the process is told to stop (at once if it already is); returns the unregister. */
export function onShutdown(close: () => void): () => void {
  const state = registry();
  if (state.stopping) {
    queueMicrotask(close);
    return () => undefined;
  }
  state.closers.add(close);
  return () => void state.closers.delete(close);
}

/** Once per process, at boot: on SIGTERM or SIGINT, ends what registered (Next's own handler exits after). */
export function endStreamsOnSignals(): void {
  const state = registry();
  // With NEXT_MANUAL_SIG_HANDLE Next leaves the signals to the operator's code, and a listener
  // of ours would take away Node's default exit: stay out of it.
  if (state.installed || process.env.NEXT_MANUAL_SIG_HANDLE) return;
  state.installed = true;
  const stop = () => {
    if (state.stopping) return;
    state.stopping = true;
    for (const close of [...state.closers]) close();
    state.closers.clear();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
