import "server-only";
import os from "node:os";
import { processSingleton } from "@/lib/shared/process-singleton";
import { db } from "../db";
import { holdLease } from "../db/leases-repo";
import { pgSession } from "../db/pg-session";
import { env } from "../platform/env";
import { log } from "../platform/log";
import { workerJobs } from "./jobs";
import { startScheduler } from "./scheduler";

// The one background loop of a deployment: submits queued tasks when a slot is free, runs a
// poll round when one is due, archives finished videos (and makes their posters), and tidies up
// (the table of jobs is jobs.ts, the timer that runs it scheduler.ts). Every server process
// starts it at boot (instrumentation.ts), but only one does the leader's work, so several
// processes still make one poller. On Postgres that is the holder of an advisory lock on its
// own session: when it dies, Postgres frees the lock and another instance takes over on its
// next tick. On SQLite it is the holder of the "worker" lease row, taken over WORKER_LEASE_MS
// after its holder dies. Idle, it makes no upstream calls.

const MAX_TICK_MS = 1_000;
const LEASE = "worker";

type WorkerState = { started: boolean; leading: boolean };

export function startWorker(): void {
  // Per process, not per module copy: Next can load this module into several bundles.
  const state = processSingleton<WorkerState>("worker", () => ({ started: false, leading: false }));
  if (state.started) return;
  state.started = true;
  // Stable across restarts of the same instance (one host, one port), so a restarted process
  // takes its lease back at once instead of waiting for it to run out.
  const holder = `${os.hostname()}:${env().PORT}`;

  const lead = async (now: Date): Promise<boolean> => {
    const leading = env().DATABASE_URL
      ? await pgSession().holdWorkerLock()
      : await holdLease(
          await db(),
          LEASE,
          holder,
          now.toISOString(),
          new Date(now.getTime() + env().WORKER_LEASE_MS).toISOString(),
        );
    if (leading !== state.leading)
      log.info(leading ? "worker leads: polling and submitting" : "worker stands by: another process holds the lock", {
        holder,
      });
    state.leading = leading;
    return leading;
  };

  startScheduler({
    jobs: workerJobs(),
    // At most a second, so a short POLL_INTERVAL_MS is honoured and submissions never wait long.
    tickMs: Math.min(MAX_TICK_MS, env().POLL_INTERVAL_MS),
    env: env(),
    lead,
    logError: log.error,
  });
  log.info("worker started", {
    upstream: env().emulated ? "emulator" : "acedata",
    callbacks: env().STUDIO_PUBLIC_URL ? "on" : "off",
    pollIntervalMs: env().POLL_INTERVAL_MS,
  });
}
