import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/schema";
import { changeTasks, onTaskChanges } from "@/lib/server/db/task-changes";
import { eventBounds, listEventsAfter } from "@/lib/server/db/task-events-repo";
import * as repo from "@/lib/server/db/tasks-repo";
import { databaseTargets } from "../support/databases";

// The one change path: a change and its events commit together, and the feed hears of it only
// after the commit; a change that rolls back leaves no event and wakes nobody.

const request = {
  prompt: "A lighthouse",
  model: "sora-2",
  size: "small",
  duration: 10,
  orientation: "landscape",
} as const;

describe.each(databaseTargets())("task changes on $name", ({ open }) => {
  let db: Kysely<Database>;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await open());
  });
  afterAll(async () => cleanup?.());

  it("writes the change and its event in one transaction and announces it after the commit", async () => {
    const heard: boolean[] = [];
    const id = randomUUID();
    // What a listener sees when it is woken: the change must already be readable by anyone.
    const stop = onTaskChanges(() => {
      void repo.findTask(db, id).then((task) => heard.push(task !== undefined));
    });
    try {
      const before = (await eventBounds(db)).newest;
      await changeTasks(db, async (trx, events) => {
        await trx
          .insertInto("tasks")
          .values(repo.newTaskRow({ id, request, now: new Date().toISOString() }))
          .execute();
        await events.changed(id, new Date().toISOString());
        expect(heard).toEqual([]); // not before the commit
      });
      await expect.poll(() => heard).toEqual([true]);
      expect((await listEventsAfter(db, before, 10)).map((e) => [e.taskId, e.kind])).toEqual([[id, "changed"]]);
    } finally {
      stop();
    }
  });

  it("a change that throws leaves neither the row nor its event, and announces nothing", async () => {
    let woken = 0;
    const stop = onTaskChanges(() => woken++);
    try {
      const before = (await eventBounds(db)).newest;
      const id = randomUUID();
      await expect(
        changeTasks(db, async (trx, events) => {
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
    } finally {
      stop();
    }
  });

  it("a change that logs nothing wakes nobody; one inside a caller's transaction is refused", async () => {
    let woken = 0;
    const stop = onTaskChanges(() => woken++);
    try {
      expect(await changeTasks(db, async () => "nothing")).toBe("nothing");
      expect(woken).toBe(0);
      await expect(db.transaction().execute((trx) => changeTasks(trx, async () => undefined))).rejects.toThrow(
        /opens its own transaction/,
      );
    } finally {
      stop();
    }
  });

  it("the repositories' writes reach the feed's listeners without anyone calling notify", async () => {
    let woken = 0;
    const stop = onTaskChanges(() => woken++);
    try {
      const id = randomUUID();
      await repo.insertTask(db, { id, request, now: new Date().toISOString() });
      expect(woken).toBe(1);
      await repo.editTask(db, id, { favourite: true }, new Date().toISOString());
      expect(woken).toBe(2);
      await repo.deleteTask(db, id, new Date().toISOString());
      expect(woken).toBe(3);
    } finally {
      stop();
    }
  });
});
