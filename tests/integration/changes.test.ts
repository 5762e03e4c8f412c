import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/schema";
import { writeChanges, onChanges } from "@/lib/server/db/changes";
import { eventBounds, listEventsAfter } from "@/lib/server/db/task-events-repo";
import * as repo from "@/lib/server/db/tasks-repo";
import { topicOf } from "@/lib/server/db/pg-session";
import { databaseTargets } from "../support/databases";
import { videoRequest } from "../support/requests";
import { openForSuite } from "../support/suite";

// The one change path: a change and its events commit together, and the feed hears of it only
// after the commit; a change that rolls back leaves no event and wakes nobody.

const request = videoRequest("A lighthouse");

/** Runs `body` with `listener` woken by every announced change, and stops listening after. */
async function whileListening(listener: (topic: string) => void, body: () => Promise<void>) {
  const stop = onChanges(listener);
  try {
    await body();
  } finally {
    stop();
  }
}

describe.each(databaseTargets())("changes on $name", (target) => {
  let db: Kysely<Database>;
  openForSuite(target, (opened) => {
    db = opened;
  });

  it("writes the change and its event in one transaction and announces it after the commit", async () => {
    const heard: boolean[] = [];
    const id = randomUUID();
    // What a listener sees when it is woken: the change must already be readable by anyone.
    await whileListening(
      () => {
        void repo.findTask(db, id).then((task) => heard.push(task !== undefined));
      },
      async () => {
        const before = (await eventBounds(db)).newest;
        await writeChanges(db, async (trx, events) => {
          await trx
            .insertInto("tasks")
            .values(repo.newTaskRow({ id, request, now: new Date().toISOString() }))
            .execute();
          await events.changed(id, new Date().toISOString());
          expect(heard).toEqual([]); // not before the commit
        });
        await expect.poll(() => heard).toEqual([true]);
        expect((await listEventsAfter(db, before, 10)).map((e) => [e.taskId, e.kind])).toEqual([[id, "changed"]]);
      },
    );
  });

  it("a change that throws leaves neither the row nor its event, and announces nothing", async () => {
    let woken = 0;
    await whileListening(
      () => woken++,
      async () => {
        const before = (await eventBounds(db)).newest;
        const id = randomUUID();
        await expect(
          writeChanges(db, async (trx, events) => {
            await trx
              .insertInto("tasks")
              .values(repo.newTaskRow({ id, request, now: new Date().toISOString() }))
              .execute();
            await events.changed(id, new Date().toISOString());
            throw new Error("refused halfway");
          }),
        ).rejects.toThrow("refused halfway");
        expect(await repo.findTask(db, id)).toBeUndefined();
        expect(await listEventsAfter(db, before, 10)).toEqual([]);
        expect(woken).toBe(0);
      },
    );
  });

  it("a change that logs nothing wakes nobody; one inside a caller's transaction is refused", async () => {
    let woken = 0;
    await whileListening(
      () => woken++,
      async () => {
        expect(await writeChanges(db, async () => "nothing")).toBe("nothing");
        expect(woken).toBe(0);
        await expect(db.transaction().execute((trx) => writeChanges(trx, async () => undefined))).rejects.toThrow(
          /opens its own transaction/,
        );
      },
    );
  });

  it("a film export's writes are announced on the export's own topic, only when they changed it", async () => {
    const topics: string[] = [];
    await whileListening(
      (topic) => topics.push(topic),
      async () => {
        const now = new Date().toISOString();
        await writeChanges(db, async (_trx, log) => {
          log.exportChanged("e1");
          log.exportChanged("e1");
        });
        expect(topics).toEqual(["export:e1"]);
        await writeChanges(db, async (trx, log) => {
          const id = randomUUID();
          await trx.insertInto("tasks").values(repo.newTaskRow({ id, request, now })).execute();
          await log.changed(id, now);
          log.exportChanged("e2");
        });
        expect(topics).toEqual(["export:e1", "tasks", "export:e2"]);
      },
    );
  });

  it("the repositories' writes reach the feed's listeners without anyone calling notify", async () => {
    let woken = 0;
    await whileListening(
      () => woken++,
      async () => {
        const id = randomUUID();
        await repo.insertTask(db, { id, request, now: new Date().toISOString() });
        expect(woken).toBe(1);
        await repo.editTask(db, id, { favourite: true }, new Date().toISOString());
        expect(woken).toBe(2);
        await repo.deleteTask(db, id, new Date().toISOString());
        expect(woken).toBe(3);
      },
    );
  });
});

describe("notices from other instances", () => {
  it("are read by schema: the task list, one export, or another studio's (ignored)", () => {
    expect(topicOf("studio_a", "studio_a")).toBe("tasks");
    expect(topicOf("studio_a export:e1", "studio_a")).toBe("export:e1");
    expect(topicOf("studio_ab", "studio_a")).toBeUndefined();
    expect(topicOf("studio_ab export:e1", "studio_a")).toBeUndefined();
    expect(topicOf("studio_a something", "studio_a")).toBeUndefined();
  });
});
