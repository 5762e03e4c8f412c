import "server-only";
import { env } from "../platform/env";
import { endStreamsOnSignals } from "../platform/shutdown";
import { startWorker } from "./worker";

/** Runs once per server process: a bad environment stops it here, naming the variable. */
export function bootServer(): void {
  try {
    env();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  endStreamsOnSignals();
  startWorker();
}
