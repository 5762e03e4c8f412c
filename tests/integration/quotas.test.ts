import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/schema";
import { studioDatabaseTargets } from "../support/databases";
import type { SessionClient } from "../support/session-client";
import { startStudio, waitFor, type Studio } from "../support/studio";
import { invitedAccount, signedInAdmin, TEAM_ADMIN, teamEnv } from "../support/team";
import { videoRequest } from "../support/requests";

// Quotas in team mode over real HTTP against the built studio, on SQLite and (with
// TEST_DATABASE_URL) Postgres: checked and charged atomically at submit (concurrent submits
// cannot overshoot), shown to the account, set by an admin, and written to the audit log.

const valid = videoRequest("A lantern drifting over a lake");
const UNLIMITED = { secondsPerDay: null, secondsPerMonth: null, concurrent: null, allowPro: true, maxSize: "large" };

describe.each(studioDatabaseTargets())("quotas on $name", (target) => {
  let studio: Studio;
  let db: Kysely<Database>;
  let drop: () => Promise<void>;
  let admin: SessionClient;

  /** A member whose own quota is `quota` (on top of the team default). */
  async function memberWith(email: string, quota: Record<string, unknown>) {
    const account = await invitedAccount(studio.url, "member", email);
    const set = await admin.patch(`/api/admin/users/${account.id}`, { quota });
    expect(set.status, set.text).toBe(200);
    expect(set.json.user.quota).toEqual(quota);
    return account;
  }

  const auditRows = (action: string) =>
    db.selectFrom("audit_log").selectAll().where("action", "=", action).orderBy("seq").execute();

  beforeAll(async () => {
    const database = await target.database();
    drop = database.drop;
    // Tasks stay unfinished for the whole file (they count against "in progress at once").
    // One task in flight upstream at a time: the first submit goes at once, every later one waits in the queue.
    studio = await startStudio({
      ...database.env,
      ...teamEnv,
      LOG_LEVEL: "warn",
      EMULATOR_LATENCY_MS: "600000",
      UPSTREAM_MAX_IN_FLIGHT: "1",
    });
    db = await database.open(studio.dataDir);
    admin = await signedInAdmin(studio.url);
  });
  afterAll(async () => {
    await studio?.stop();
    await db?.destroy();
    await drop?.();
  });

  it("gives back the seconds of a task deleted before AceData had it, never of one it accepted", async () => {
    const { client, id } = await memberWith("deleter@team.example", { secondsPerDay: 100 });
    // The first goes upstream at once and stays there; the second waits in the queue behind the cap of 1 in flight.
    const first = await client.post("/api/videos", valid);
    const second = await client.post("/api/videos", { ...valid, duration: 15 });
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(first.json.task.upstreamTaskId).toEqual(expect.any(String));
    expect((await client.get("/api/quota")).json.quota.usage.secondsToday).toBe(25);

    expect(second.json.task).toMatchObject({ state: "queued", upstreamTaskId: null });
    expect((await client.delete(`/api/tasks/${second.json.task.id}`)).status).toBe(200);
    expect((await client.get("/api/quota")).json.quota.usage).toMatchObject({ secondsToday: 10, active: 1 });
    expect((await client.delete(`/api/tasks/${first.json.task.id}`)).status).toBe(200);
    // Its seconds were spent upstream: still counted.
    expect((await client.get("/api/quota")).json.quota.usage).toMatchObject({ secondsToday: 10, active: 0 });
    const deletes = (await auditRows("task_deleted")).filter((r) => r.actor_id === id);
    expect(deletes.map((r) => r.target)).toEqual([second.json.task.id, first.json.task.id]);
    expect(JSON.parse(deletes[1]?.detail ?? "{}")).toMatchObject({
      seconds: 10,
      owner: id,
      upstreamTaskId: first.json.task.upstreamTaskId,
    });
  });

  it("lets exactly 3 of 20 concurrent submits through at 3 videos in progress at once", async () => {
    const { client, id } = await memberWith("racer@team.example", { concurrent: 3 });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.post("/api/videos", { ...valid, prompt: `Race ${i}` })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 202)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(17);
    const refused = answers.find((a) => a.status === 429);
    expect(refused?.json.error.code).toBe("quota_concurrent");
    expect(refused?.json.error.message).toMatch(/3 videos in progress at once/);
    // Nothing of a refused submit was stored: 3 tasks, 3 charges, 3 audit rows.
    expect(await db.selectFrom("tasks").select("id").where("owner_id", "=", id).execute()).toHaveLength(3);
    expect(await db.selectFrom("usage_charges").select("task_id").where("user_id", "=", id).execute()).toHaveLength(3);
    expect((await auditRows("task_submitted")).filter((r) => r.actor_id === id)).toHaveLength(3);
    const quota = await client.get("/api/quota");
    expect(quota.json.quota.usage).toMatchObject({ active: 3, secondsToday: 30, secondsThisMonth: 30 });
    expect(quota.json.quota.limits).toMatchObject({ concurrent: 3 });
  });

  it("lets exactly 3 of 20 concurrent 10 s submits through at 30 s a day, and a run counts as a whole", async () => {
    const { client, id } = await memberWith("daily@team.example", { secondsPerDay: 30 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => client.post("/api/videos", valid)));
    expect(answers.filter((a) => a.status === 202)).toHaveLength(3);
    const refused = answers.filter((a) => a.status !== 202);
    expect(new Set(refused.map((a) => `${a.status} ${a.json.error.code}`))).toEqual(new Set(["429 quota_day"]));
    expect(refused[0]?.json.error.message).toBe(
      "This needs 10 s of video and you have 0 s left today (of 30 s). The day resets at midnight UTC.",
    );
    expect(await db.selectFrom("tasks").select("id").where("owner_id", "=", id).execute()).toHaveLength(3);

    // A run of 2 that does not fit is refused whole, at once: nothing of it is stored.
    const other = await memberWith("runner@team.example", { secondsPerDay: 15 });
    const run = await other.client.post("/api/runs", { request: valid, variations: { mode: "repeat", count: 2 } });
    expect(run.status).toBe(429);
    expect(run.json.error.message).toMatch(/needs 20 s of video and you have 15 s left today/);
    expect(await db.selectFrom("tasks").select("id").where("owner_id", "=", other.id).execute()).toEqual([]);
  });

  it("refuses sora-2-pro and a large size at their fields (403) when the account may not use them", async () => {
    const { client, id } = await memberWith("modest@team.example", { allowPro: false, maxSize: "small" });
    const pro = await client.post("/api/videos", { ...valid, model: "sora-2-pro" });
    expect(pro.status).toBe(403);
    expect(pro.json.error).toMatchObject({ code: "quota_model", issues: [{ path: "model" }] });
    const large = await client.post("/api/videos", { ...valid, size: "large" });
    expect(large.status).toBe(403);
    expect(large.json.error).toMatchObject({ code: "quota_size", issues: [{ path: "size" }] });
    expect(await db.selectFrom("tasks").select("id").where("owner_id", "=", id).execute()).toEqual([]);
    expect((await client.post("/api/videos", valid)).status).toBe(202);
  });

  it("applies the team default to every account without its own, set by an admin only, and audits it", async () => {
    const { client } = await invitedAccount(studio.url, "member", "plain@team.example");
    expect((await client.get("/api/quota")).json.quota.limits).toEqual(UNLIMITED);
    expect((await client.send("PUT", "/api/admin/quota-defaults", { ...UNLIMITED, concurrent: 1 })).status).toBe(403);

    const bad = await admin.send("PUT", "/api/admin/quota-defaults", { ...UNLIMITED, secondsPerDay: -5 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0].path).toBe("secondsPerDay");
    const unknown = await admin.send("PUT", "/api/admin/quota-defaults", { ...UNLIMITED, costPerSecond: 3 });
    expect(unknown.status).toBe(400);

    const set = await admin.send("PUT", "/api/admin/quota-defaults", {
      ...UNLIMITED,
      secondsPerDay: 20,
      allowPro: false,
    });
    expect(set.status, set.text).toBe(200);
    expect((await admin.get("/api/admin/quota-defaults")).json.defaults).toMatchObject({
      secondsPerDay: 20,
      allowPro: false,
    });
    expect((await client.get("/api/quota")).json.quota.limits).toMatchObject({ secondsPerDay: 20, allowPro: false });
    expect((await client.post("/api/videos", { ...valid, duration: 15 })).status).toBe(202);
    const over = await client.post("/api/videos", valid);
    expect(over.status).toBe(429);
    expect(over.json.error.code).toBe("quota_day");

    const changes = await auditRows("quota_changed");
    const teamChange = changes.find((r) => r.target === "team default");
    expect(JSON.parse(teamChange?.detail ?? "{}")).toMatchObject({
      from: UNLIMITED,
      to: { secondsPerDay: 20, allowPro: false },
    });
    expect(changes.some((r) => r.target === "racer@team.example")).toBe(true);
    const submitted = (await auditRows("task_submitted")).at(-1);
    expect(submitted?.actor_email).toBe("plain@team.example");
    // Where the submit came from, as for sign-ins (the test's own loopback address).
    expect(submitted?.ip).toMatch(/127\.0\.0\.1/);
    expect(JSON.parse(submitted?.detail ?? "{}")).toMatchObject({ videos: 1, seconds: 15, models: ["sora-2"] });

    // Back to no limits, for the other files' sake.
    expect((await admin.send("PUT", "/api/admin/quota-defaults", UNLIMITED)).status).toBe(200);
  });

  it("refuses an override with an unknown field, by its name", async () => {
    const { id } = await invitedAccount(studio.url, "member", "strict@team.example");
    const res = await admin.patch(`/api/admin/users/${id}`, { quota: { secondsPerDay: 10, perWeek: 5 } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json.error.issues)).toContain("perWeek");
    await waitFor(
      "nothing stored",
      async () =>
        (await db.selectFrom("users").select("quota").where("id", "=", id).executeTakeFirst())?.quota === "{}"
          ? true
          : undefined,
      2_000,
      100,
    );
  });

  it("changes a quota and a role together or not at all: the last admin's refused demotion leaves the quota as it was", async () => {
    const self = await db
      .selectFrom("users")
      .select(["id", "quota"])
      .where("email", "=", TEAM_ADMIN.email)
      .executeTakeFirstOrThrow();
    const quotaAudits = async () =>
      (await auditRows("quota_changed")).filter((r) => r.target === TEAM_ADMIN.email).length;
    const auditsBefore = await quotaAudits();
    const res = await admin.patch(`/api/admin/users/${self.id}`, { role: "member", quota: { concurrent: 2 } });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("last_admin");
    const after = await db
      .selectFrom("users")
      .select(["role", "quota"])
      .where("id", "=", self.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ role: "admin", quota: self.quota });
    expect(await quotaAudits()).toBe(auditsBefore);
    // The same quota alone goes through, and is audited once.
    expect((await admin.patch(`/api/admin/users/${self.id}`, { quota: { concurrent: 2 } })).json.user.quota).toEqual({
      concurrent: 2,
    });
    expect(await quotaAudits()).toBe(auditsBefore + 1);
    expect((await admin.patch(`/api/admin/users/${self.id}`, { quota: {} })).status).toBe(200);
  });

  it("lists the account's own tasks with owner=me, and everyone's without", async () => {
    const mine = await invitedAccount(studio.url, "member", "mine@team.example");
    const made = await mine.client.post("/api/videos", { ...valid, prompt: "Only mine" });
    expect(made.status).toBe(202);
    const own = (await mine.client.get("/api/tasks?owner=me")).json.items;
    expect(own.map((t: { id: string }) => t.id)).toEqual([made.json.task.id]);
    const team = (await mine.client.get("/api/tasks?limit=100")).json.items;
    expect(team.length).toBeGreaterThan(1);
    expect(new Set(team.map((t: { ownerId: string }) => t.ownerId)).size).toBeGreaterThan(1);
    expect((await admin.get("/api/tasks?owner=me")).json.items).toEqual([]);
    const bad = await admin.get("/api/tasks?owner=someone");
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0].path).toBe("owner");
  });
});
