import "server-only";
import os from "node:os";
import { processSingleton } from "@/lib/shared/process-singleton";
import { archiveDue } from "../media/archive";
import { advanceWaits } from "../storyboard/boards";
import { runExports } from "../storyboard/film-exports";
import { db } from "../db";
import { holdLease } from "../db/leases-repo";
import { pgSession } from "../db/pg-session";
import { pruneEvents } from "../db/task-events-repo";
import { env } from "../platform/env";
import { log } from "../platform/log";
import { failureBackoffMs } from "../tasks/poll-schedule";
import { pollRound, pollSettings } from "../tasks/poller";
import { backfillPosters, postersIdle } from "../media/posters";
import { sweepScratchDirs } from "../platform/scratch-dir";
import { submitDue } from "../tasks/lifecycle";

// The one background loop of a deployment: submits queued tasks when a slot is free, runs a
// poll round when one is due, archives finished videos (and makes their posters), and tidies up. Every server process
// starts it at boot (instrumentation.ts), but only one does the work, so several processes still
// make one poller. On Postgres that is the holder of an advisory lock on its own session: when
// it dies, Postgres frees the lock and another instance takes over on its next tick. On SQLite
// it is the holder of the "worker" lease row, taken over WORKER_LEASE_MS after its holder dies.
// Idle, it makes no upstream calls.

const MAX_TICK_MS = 1_000;
const EVENTS_KEPT_MS = 24 * 3600_000;
const PRUNE_EVERY_MS = 10 * 60_000;
/** After a look for videos missing a poster finds none, the next look waits this long. */
const POSTER_BACKFILL_IDLE_MS = 60_000;

type WorkerState = {
  started: boolean;
  running: boolean;
  failures: number;
  blockedUntil: number;
  prunedAt: number;
  sweptAt: number;
  leading: boolean;
  posterCheckAt: number;
};
const LEASE = "worker";

export function startWorker(): void {
  const state = processSingleton<WorkerState>("worker", () => ({
    started: false,
    running: false,
    failures: 0,
    blockedUntil: 0,
    prunedAt: 0,
    sweptAt: 0,
    leading: false,
    posterCheckAt: 0,
  }));
  if (state.started) return;
  state.started = true;
  const tickMs = Math.min(MAX_TICK_MS, env().POLL_INTERVAL_MS);
  // Stable across restarts of the same instance (one host, one port), so a restarted process
  // takes its lease back at once instead of waiting for it to run out.
  const holder = `${os.hostname()}:${env().PORT}`;

  const tick = async () => {
    if (state.running) return;
    state.running = true;
    try {
      const now = Date.now();
      // Every process, leading or not: any of them may have rendered and been killed mid-job.
      if (now - state.sweptAt > PRUNE_EVERY_MS) {
        state.sweptAt = now;
        void sweepScratchDirs(new Date(now)).then(
          (removed) => removed > 0 && log.info("removed temp directories left by stopped jobs", { removed }),
        );
      }
      const leading = env().DATABASE_URL
        ? await pgSession().holdWorkerLock()
        : await holdLease(
            await db(),
            LEASE,
            holder,
            new Date(now).toISOString(),
            new Date(now + env().WORKER_LEASE_MS).toISOString(),
          );
      if (leading !== state.leading)
        log.info(
          leading ? "worker leads: polling and submitting" : "worker stands by: another process holds the lock",
          { holder },
        );
      state.leading = leading;
      if (!leading) return;
      await submitDue(new Date(now));
      if (now >= state.blockedUntil) {
        const round = await pollRound(new Date(now));
        if (round.failure) {
          // 429/5xx/network: back off, exponentially and at least as long as Retry-After asks.
          state.failures++;
          state.blockedUntil = now + failureBackoffMs(state.failures, pollSettings(), round.failure.retryAfterS);
        } else if (round.retrieveCalls > 0) state.failures = 0;
      }
      if (now - state.prunedAt > PRUNE_EVERY_MS) {
        state.prunedAt = now;
        await pruneEvents(await db(), new Date(now - EVENTS_KEPT_MS).toISOString());
      }
      // Starts copies of finished videos into storage; the downloads run on after the tick.
      const archiving = await archiveDue(new Date(now));
      // Storyboard shots waiting for the shot before them: started once its video is archived.
      await advanceWaits();
      // Film exports render beside the loop (one at a time), so polling never waits for ffmpeg.
      void runExports();
      // Lowest priority: posters for videos archived before posters existed, a couple at a time,
      // only in a tick that started no download and while no other poster is being made.
      if (archiving.started.length === 0 && postersIdle() && now >= state.posterCheckAt) {
        const backfill = await backfillPosters();
        if (backfill.started.length === 0) state.posterCheckAt = now + POSTER_BACKFILL_IDLE_MS;
      }
    } catch (error) {
      log.error("worker tick failed", { error: error instanceof Error ? error.message : String(error) });
    } finally {
      state.running = false;
      setTimeout(() => void tick(), tickMs).unref();
    }
  };
  setTimeout(() => void tick(), tickMs).unref();
  log.info("worker started", {
    upstream: env().emulated ? "emulator" : "acedata",
    callbacks: env().STUDIO_PUBLIC_URL ? "on" : "off",
    pollIntervalMs: env().POLL_INTERVAL_MS,
  });
}
