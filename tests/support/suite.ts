import type { Kysely } from "kysely";
import { afterAll, beforeAll } from "vitest";
import type { Database } from "@/lib/server/db/schema";
import type { DbTarget, StudioTarget } from "./databases";
import { FakeUpstream } from "./fake-upstream";
import { startStudio, type Studio } from "./studio";

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

/**
 * Starts a recording fake of AceData and a production studio that talks to it with `token`, `env` on
 * top, for the suite, and hands both to `use`; stops them after the suite.
 */
export function studioWithFakeUpstream(
  token: string,
  env: Record<string, string>,
  use: (started: { fake: FakeUpstream; studio: Studio }) => void,
) {
  let fake: FakeUpstream | undefined;
  let studio: Studio | undefined;
  beforeAll(async () => {
    fake = await new FakeUpstream().start();
    studio = await startStudio({ ACEDATACLOUD_API_TOKEN: token, ACEDATACLOUD_API_BASE_URL: fake.url, ...env });
    use({ fake, studio });
  });
  afterAll(async () => {
    await studio?.stop();
    await fake?.stop();
  });
}

/** Opens the target's database for the suite and hands it to `use`; cleans it up after the suite. */
export function openForSuite(target: DbTarget, use: (db: Kysely<Database>) => void) {
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const opened = await target.open();
    cleanup = opened.cleanup;
    use(opened.db);
  });
  afterAll(async () => cleanup?.());
}

/** Starts the target's studio for the suite and hands it to `use`; stops it and drops its database after. */
export function startForSuite(target: StudioTarget, use: (studio: Studio) => void) {
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const started = await target.start();
    cleanup = started.cleanup;
    use(started.studio);
  }, 60_000);
  afterAll(async () => cleanup?.());
}
