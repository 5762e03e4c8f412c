import "server-only";
import { processSingleton } from "@/lib/shared/process-singleton";
import { archiveDue } from "./archive";
import { env } from "./env";
import { log } from "./log";
import { pollUnfinished, submitDue } from "./tasks";

// The one background loop of a server process: submits queued tasks when a slot is free and
// polls unfinished ones with `retrieve_batch`. Started at boot (instrumentation.ts), so tasks
// left unfinished by a restart are picked up again. Idle, it makes no upstream calls.

const TICK_MS = 1_000;
type WorkerState = { nextPollAt: number; running: boolean; started: boolean };

export function startWorker(): void {
  const state = processSingleton<WorkerState>("worker", () => ({ nextPollAt: 0, running: false, started: false }));
  if (state.started) return;
  state.started = true;

  const tick = async () => {
    if (state.running) return;
    state.running = true;
    try {
      const now = Date.now();
      await submitDue(new Date(now));
      if (now >= state.nextPollAt) {
        const result = await pollUnfinished(new Date(now));
        // After a 429/5xx wait at least twice the interval, longer if the upstream says so.
        const wait = result.retryAfterS === undefined ? env().POLL_INTERVAL_MS : Math.max(result.retryAfterS * 1000, env().POLL_INTERVAL_MS * 2);
        if (result.retrieveCalls > 0) state.nextPollAt = now + wait;
      }
      // Starts copies of finished videos into storage; the downloads run on after the tick.
      await archiveDue(new Date(now));
    } catch (error) {
      log.error("worker tick failed", { error: error instanceof Error ? error.message : String(error) });
    } finally {
      state.running = false;
      setTimeout(() => void tick(), TICK_MS).unref();
    }
  };
  setTimeout(() => void tick(), TICK_MS).unref();
  log.info("worker started", { upstream: env().emulated ? "emulator" : "acedata", pollIntervalMs: env().POLL_INTERVAL_MS });
}
