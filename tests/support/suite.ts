import type { Kysely } from "kysely";
import { afterAll, beforeAll } from "vitest";
import type { Database } from "@/lib/server/db/schema";
import type { DbTarget, StudioTarget } from "./databases";
import { FakeUpstream } from "./fake-upstream";
import { startStudio, startStudioAgainst, type Studio } from "./studio";

// Vitest hooks that start what a suite needs before its tests and stop it after them. Kept out of
// studio.ts and databases.ts, which the benches import without vitest.

type Stoppable = { stop: () => Promise<unknown> };

/**
 * For what a test starts itself (a studio of its own, a fake): `stopLater(thing)` hands the thing back
 * and stops it once the enclosing suite is done, the last started first.
 */
export function stopAfterAll(): <T extends Stoppable>(thing: T) => T {
  const running: Stoppable[] = [];
  afterAll(async () => {
    for (const thing of running.reverse()) await thing.stop();
  });
  return (thing) => {
    running.push(thing);
    return thing;
  };
}

/** Starts something before the suite's tests and hands it to `use`; stops it after them. */
function forSuite<T>(
  start: () => Promise<{ value: T; stop: () => Promise<unknown> }>,
  use: (value: T) => void,
  timeoutMs?: number,
) {
  let stop: (() => Promise<unknown>) | undefined;
  beforeAll(async () => {
    const started = await start();
    stop = started.stop;
    use(started.value);
  }, timeoutMs);
  afterAll(async () => stop?.());
}

/** A production studio started with `env`, for the suite. */
export function studioForSuite(env: Record<string, string>, use: (studio: Studio) => void) {
  forSuite(async () => {
    const studio = await startStudio(env);
    return { value: studio, stop: studio.stop };
  }, use);
}

/** The target's production studio, for the suite; its database is dropped after. */
export function startForSuite(target: StudioTarget, use: (studio: Studio) => void) {
  forSuite(
    async () => {
      const { studio, cleanup } = await target.start();
      return { value: studio, stop: cleanup };
    },
    use,
    60_000,
  );
}

/** The target's database, for the suite; cleaned up after. */
export function openForSuite(target: DbTarget, use: (db: Kysely<Database>) => void) {
  forSuite(async () => {
    const { db, cleanup } = await target.open();
    return { value: db, stop: cleanup };
  }, use);
}

/** A recording fake of AceData and a production studio that talks to it with `token`, `env` on top, for the suite. */
export function studioWithFakeUpstream(
  token: string,
  env: Record<string, string>,
  use: (started: { fake: FakeUpstream; studio: Studio }) => void,
) {
  forSuite(async () => {
    const fake = await new FakeUpstream().start();
    const studio = await startStudioAgainst(fake, token, env).catch(async (error) => {
      await fake.stop();
      throw error;
    });
    return {
      value: { fake, studio },
      stop: async () => {
        await studio.stop();
        await fake.stop();
      },
    };
  }, use);
}
