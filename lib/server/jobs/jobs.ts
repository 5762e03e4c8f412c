import "server-only";
import { archiveDue } from "../media/archive";
import { backfillPosters, postersIdle } from "../media/posters";
import { advanceWaits } from "../storyboard/boards";
import { runExports } from "../storyboard/film-exports";
import { db } from "../db";
import { pruneEvents } from "../db/task-events-repo";
import { log } from "../platform/log";
import { sweepScratchDirs } from "../platform/scratch-dir";
import { failureBackoffMs } from "../tasks/poll-schedule";
import { pollRound, pollSettings } from "../tasks/poller";
import { submitDue } from "../tasks/lifecycle";
import { EVERY_TICK, type Job } from "./scheduler";

// The chores of the background worker, in the order a tick runs them (scheduler.ts). Order
// matters among the leader's jobs: the archive runs after the poll round that may have just
// finished a video, storyboard waits after the archive they wait on, and posters last, only
// when the archive started nothing.

const EVENTS_KEPT_MS = 24 * 3600_000;
const PRUNE_EVERY_MS = 10 * 60_000;
/** After a look for videos missing a poster finds none, the next look waits this long. */
const POSTER_BACKFILL_IDLE_MS = 60_000;

/** What one job of a tick tells a later one. */
export type WorkerNotes = {
  /** How many video downloads the archive job started this tick; unset when it did not run. */
  archivesStarted: number;
};

/**
 * A fresh table per call: the poll backoff lives in the closure, so a table is one worker's
 * (startWorker makes one per process).
 */
export function workerJobs(): Job<WorkerNotes>[] {
  let pollFailures = 0;
  return [
    {
      // Every process, leading or not: any of them may have rendered and been killed mid-job.
      name: "sweep-scratch-dirs",
      intervalMs: PRUNE_EVERY_MS,
      leaderOnly: false,
      detached: true,
      run: async ({ now }) => {
        const removed = await sweepScratchDirs(now);
        if (removed > 0) log.info("removed temp directories left by stopped jobs", { removed });
      },
    },
    {
      name: "submit-queued",
      intervalMs: EVERY_TICK,
      leaderOnly: true,
      run: async ({ now }) => submitDue(now),
    },
    {
      // Every tick; the poller itself decides which tasks are due for a look (poll-schedule.ts).
      name: "poll-upstream",
      intervalMs: EVERY_TICK,
      leaderOnly: true,
      run: async ({ now, holdOff }) => {
        const round = await pollRound(now);
        if (round.failure) {
          // 429/5xx/network: back off, exponentially and at least as long as Retry-After asks.
          pollFailures++;
          holdOff(now.getTime() + failureBackoffMs(pollFailures, pollSettings(), round.failure.retryAfterS));
        } else if (round.retrieveCalls > 0) pollFailures = 0;
      },
    },
    {
      name: "prune-events",
      intervalMs: PRUNE_EVERY_MS,
      leaderOnly: true,
      run: async ({ now }) => pruneEvents(await db(), new Date(now.getTime() - EVENTS_KEPT_MS).toISOString()),
    },
    {
      // Starts copies of finished videos into storage; the downloads run on after the tick.
      name: "archive-videos",
      intervalMs: EVERY_TICK,
      leaderOnly: true,
      run: async ({ now, notes }) => {
        notes.archivesStarted = (await archiveDue(now)).started.length;
      },
    },
    {
      // Storyboard shots waiting for the shot before them: started once its video is archived.
      name: "storyboard-waits",
      intervalMs: EVERY_TICK,
      leaderOnly: true,
      run: async () => {
        await advanceWaits();
      },
    },
    {
      // Film exports render beside the loop (one at a time), so polling never waits for ffmpeg.
      name: "film-exports",
      intervalMs: EVERY_TICK,
      leaderOnly: true,
      detached: true,
      run: () => runExports(),
    },
    {
      // Lowest priority: posters for videos archived before posters existed, a couple at a time,
      // only in a tick whose archive job ran and started no download, and while no other poster
      // is being made.
      name: "backfill-posters",
      intervalMs: EVERY_TICK,
      leaderOnly: true,
      run: async ({ now, notes, holdOff }) => {
        if (notes.archivesStarted !== 0 || !postersIdle()) return;
        const backfill = await backfillPosters();
        if (backfill.started.length === 0) holdOff(now.getTime() + POSTER_BACKFILL_IDLE_MS);
      },
    },
  ];
}
