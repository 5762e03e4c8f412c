import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/schema";
import { studioDatabaseTargets } from "../support/databases";
import type { SessionClient } from "../support/session-client";
import { startStudio, type Studio } from "../support/studio";
import { invitedAccount, signedInAdmin, teamEnv, TEAM_ADMIN } from "../support/team";
import { videoRequest } from "../support/requests";

// The audit log over real HTTP against the built studio, on SQLite and (with TEST_DATABASE_URL)
// Postgres: append-only in the database itself, filtered and paged for admins only, and
// exported as CSV that a spreadsheet cannot be tricked into running.

const valid = videoRequest('=HYPERLINK("http://evil.example"), a lake, "quoted"');

/** A CSV text's rows, its quoted fields unquoted. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows;
}

describe.each(studioDatabaseTargets())("the audit log on $name", (target) => {
  let studio: Studio;
  let db: Kysely<Database>;
  let drop: () => Promise<void>;
  let admin: SessionClient;
  let member: { client: SessionClient; id: string };

  beforeAll(async () => {
    const database = await target.database();
    drop = database.drop;
    studio = await startStudio({ ...database.env, ...teamEnv, LOG_LEVEL: "warn", EMULATOR_LATENCY_MS: "600000" });
    db = await database.open(studio.dataDir);
    admin = await signedInAdmin(studio.url);
    member = await invitedAccount(studio.url, "member", "maker@team.example");
    expect((await member.client.post("/api/videos", valid)).status).toBe(202);
  });
  afterAll(async () => {
    await studio?.stop();
    await db?.destroy();
    await drop?.();
  });

  it("cannot be changed or cut, even by a query straight to the database", async () => {
    const before = await db.selectFrom("audit_log").select(["seq", "action"]).orderBy("seq").execute();
    expect(before.length).toBeGreaterThan(0);
    await expect(db.updateTable("audit_log").set({ action: "login" }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
    expect(await db.selectFrom("audit_log").select(["seq", "action"]).orderBy("seq").execute()).toEqual(before);
  });

  it("is for admins only", async () => {
    expect((await member.client.get("/api/admin/audit")).status).toBe(403);
    expect((await member.client.get("/api/admin/audit/export")).status).toBe(403);
    const page = await member.client.get("/admin/audit");
    expect(page.status).toBe(307);
    expect(new URL(page.headers.get("location") ?? "", studio.url).pathname).toBe("/");
  });

  it("lists lines newest first, filtered by action, person and day, a page at a time", async () => {
    const all = await admin.get("/api/admin/audit");
    expect(all.status).toBe(200);
    const seqs = all.json.items.map((i: { seq: number }) => i.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const actions = all.json.items.map((i: { action: string }) => i.action);
    for (const action of ["setup", "login", "invite_created", "invite_accepted", "task_submitted"].filter(
      (a) => a !== "setup",
    ))
      expect(actions).toContain(action);

    const submitted = await admin.get("/api/admin/audit?action=task_submitted");
    expect(submitted.json.items).toHaveLength(1);
    expect(submitted.json.items[0]).toMatchObject({
      actorEmail: "maker@team.example",
      action: "task_submitted",
      detail: { videos: 1, seconds: 10, models: ["sora-2"] },
    });

    // Part of an address, in any case, taken literally (a % is not a wildcard).
    const byMaker = await admin.get("/api/admin/audit?actor=MAKER@");
    expect(byMaker.json.items.length).toBeGreaterThan(0);
    expect(byMaker.json.items.every((i: { actorEmail: string }) => i.actorEmail === "maker@team.example")).toBe(true);
    expect((await admin.get("/api/admin/audit?actor=%25")).json.items).toEqual([]);

    const today = new Date().toISOString().slice(0, 10);
    expect((await admin.get(`/api/admin/audit?from=${today}&to=${today}`)).json.items.length).toBe(
      all.json.items.length,
    );
    expect((await admin.get("/api/admin/audit?to=2020-01-01")).json.items).toEqual([]);

    const bad = await admin.get("/api/admin/audit?action=hack&from=2026-02-30");
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues.map((i: { path: string }) => i.path)).toContain("action");
    expect((await admin.get("/api/admin/audit?from=2026-02-30")).json.error.issues[0].path).toBe("from");

    // Paging: 120 more lines; pages of 50 meet end to end with none lost or repeated.
    const at = new Date().toISOString();
    await db
      .insertInto("audit_log")
      .values(
        Array.from({ length: 120 }, (_, i) => ({
          at,
          actor_id: null,
          actor_email: `bulk${i}@team.example`,
          action: "login_failed",
          target: `bulk${i}@team.example`,
          detail: "{}",
          ip: "203.0.113.9",
        })),
      )
      .execute();
    const seen: number[] = [];
    let next: string | null = "";
    while (next !== null) {
      const page: { json: { items: { seq: number }[]; next: string | null } } = await admin.get(
        `/api/admin/audit?action=login_failed${next ? `&before=${next}` : ""}`,
      );
      seen.push(...page.json.items.map((i) => i.seq));
      next = page.json.next;
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
  });

  it("exports the filtered lines as CSV, with values a spreadsheet would run kept as text", async () => {
    const res = await fetch(`${studio.url}/api/admin/audit/export?action=task_submitted`, {
      headers: { cookie: admin.cookie as string },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="studio-audit-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const rows = parseCsv(await res.text());
    expect(rows[0]).toEqual(["seq", "at", "actor", "action", "target", "ip", "detail"]);
    expect(rows).toHaveLength(2);
    const detail = JSON.parse(rows[1]?.[6] ?? "{}");
    expect(detail.prompt).toBe(valid.prompt);
    expect(rows[1]?.[2]).toBe("maker@team.example");

    // Every line of a big export, across the pages it is read in.
    const failed = parseCsv(
      await (
        await fetch(`${studio.url}/api/admin/audit/export?action=login_failed`, {
          headers: { cookie: admin.cookie as string },
        })
      ).text(),
    );
    expect(failed).toHaveLength(121);

    // A value starting with = is prefixed so it stays text.
    await db
      .insertInto("audit_log")
      .values({
        at: new Date().toISOString(),
        actor_id: null,
        actor_email: "=cmd|' /C calc'!A0",
        action: "login_failed",
        target: "+1",
        detail: "{}",
        ip: null,
      })
      .execute();
    const injected = parseCsv(
      await (
        await fetch(`${studio.url}/api/admin/audit/export?actor=cmd`, { headers: { cookie: admin.cookie as string } })
      ).text(),
    );
    expect(injected[1]?.[2]).toBe("'=cmd|' /C calc'!A0");
    expect(injected[1]?.[4]).toBe("'+1");
    expect(
      (await fetch(`${studio.url}/api/admin/audit/export?from=nope`, { headers: { cookie: admin.cookie as string } }))
        .status,
    ).toBe(400);
  });

  it("records the address each sign-in came from", async () => {
    const signIns = (await admin.get(`/api/admin/audit?action=login&actor=${encodeURIComponent(TEAM_ADMIN.email)}`))
      .json.items;
    expect(signIns.length).toBeGreaterThan(0);
    expect(signIns[0].ip).toBe("127.0.0.1");
  });
});
