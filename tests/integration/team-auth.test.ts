import fs from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/schema";
import { studioDatabaseTargets } from "../support/databases";
import { SessionClient } from "../support/session-client";
import { SseClient } from "../support/sse";
import { invitedAccount, TEAM_ADMIN, TEAM_SECRET, teamEnv } from "../support/team";
import { startStudio, waitFor, type Studio } from "../support/studio";
import { videoRequest } from "../support/requests";

// Team mode (STUDIO_AUTH=on) over real HTTP against the built studio, on SQLite and (with
// TEST_DATABASE_URL) Postgres: nothing but sign-in, health and the capability links answers
// without a session; sessions are sealed cookies that can be ended; wrong passwords lock;
// invitations work once; roles decide who may generate, change and administer.

const root = path.resolve(import.meta.dirname, "../..");
const SECRET = TEAM_SECRET;
const ADMIN = TEAM_ADMIN;
const valid = videoRequest("A lantern drifting over a lake");
const ZERO_ID = "00000000-0000-4000-8000-000000000000";

/** Every studio route (method, path) found on disk, dynamic segments filled in; the emulator's are the upstream's, not ours. */
function studioRoutes(): { method: string; path: string }[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "emulator") walk(full);
      else if (entry.name === "route.ts") files.push(full);
    }
  };
  walk(path.join(root, "app/api"));
  return files.flatMap((file) => {
    const source = fs.readFileSync(file, "utf8");
    const url = `/${path.relative(path.join(root, "app"), path.dirname(file)).replace(/\[\w+\]/g, ZERO_ID)}`;
    return ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
      .filter((m) => new RegExp(`export const ${m}\\b`).test(source))
      .map((method) => ({ method, path: url }));
  });
}

/** What answers without a session: sign-in and its one-time pages' routes, health, and links named by unguessable secrets. */
const PUBLIC = [
  "/api/health",
  "/api/auth/login",
  "/api/auth/setup",
  "/api/auth/invites/accept",
  `/api/callbacks/${ZERO_ID}`,
  `/api/uploads/${ZERO_ID}`,
];

describe.each(studioDatabaseTargets())("team mode on $name", (target) => {
  let studio: Studio;
  let db: Kysely<Database>;
  let drop: () => Promise<void>;
  const admin = () => new SessionClient(studio.url);

  const member = (role: "member" | "viewer" | "admin", email: string, password?: string) =>
    invitedAccount(studio.url, role, email, password);

  beforeAll(async () => {
    const database = await target.database();
    drop = database.drop;
    studio = await startStudio({
      ...database.env,
      LOG_LEVEL: "warn",
      ...teamEnv,
      EMULATOR_LATENCY_MS: "60000",
    });
    db = await database.open(studio.dataDir);
  });
  afterAll(async () => {
    await studio?.stop();
    await db?.destroy();
    await drop?.();
  });

  it("answers nothing but sign-in, health and capability links without a session", async () => {
    const routes = studioRoutes();
    expect(routes.length).toBeGreaterThan(25);
    const anonymous = new SessionClient(studio.url);
    for (const route of routes) {
      const res = await anonymous.send(
        route.method,
        route.path,
        route.method === "GET" || route.method === "HEAD" ? undefined : {},
      );
      if (PUBLIC.includes(route.path)) expect(res.status, `${route.method} ${route.path}`).not.toBe(401);
      else {
        expect(res.status, `${route.method} ${route.path}`).toBe(401);
        if (route.method !== "HEAD") expect(res.json.error.code).toBe("unauthenticated");
      }
    }
  });

  it("sends a visitor without a session from every page to sign-in, and back after", async () => {
    const anonymous = new SessionClient(studio.url);
    for (const page of ["/", "/prompts?tab=library", "/compare?ids=a,b", "/admin"]) {
      const res = await anonymous.get(page);
      expect(res.status, page).toBe(307);
      const location = new URL(res.headers.get("location") ?? "", studio.url);
      expect(location.pathname).toBe("/login");
      const next = new URL(location.searchParams.get("next") ?? "", studio.url);
      expect(next.pathname + decodeURIComponent(next.search)).toBe(page);
    }
    const login = await anonymous.get("/login?next=%2Fprompts");
    expect(login.status).toBe(200);
    expect(login.text).toContain("Sign in to the studio");
    // Submitted before the scripts run, the form posts: the password never lands in a URL.
    expect(login.text).toMatch(/<form[^>]* method="post"/);
    // Another site as "next" is not followed: an attacker's link cannot bounce a person off-site after sign-in.
    const user = new SessionClient(studio.url);
    await user.login(ADMIN.email, ADMIN.password);
    for (const next of ["//evil.example", "https://evil.example", "/\\evil.example"]) {
      const res = await user.get(`/login?next=${encodeURIComponent(next)}`);
      expect(res.status).toBe(307);
      expect(res.headers.get("location")).toMatch(/^(http:\/\/127\.0\.0\.1:\d+)?\/$/);
    }
    expect((await user.get("/login?next=%2Fprompts")).headers.get("location")).toMatch(/\/prompts$/);
  });

  it("signs in with a sealed, HttpOnly, SameSite=Lax cookie that opens the studio, Secure behind https", async () => {
    const client = new SessionClient(studio.url);
    const res = await client.login(ADMIN.email.toUpperCase(), ADMIN.password);
    expect(res.status).toBe(200);
    expect(res.json.account).toMatchObject({ email: ADMIN.email, role: "admin" });
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^studio_session=Fe26\.2\*/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    expect(cookie).not.toContain(ADMIN.email);
    expect((await client.get("/api/tasks")).status).toBe(200);
    expect((await client.get("/")).status).toBe(200);
    const https = await new SessionClient(studio.url)
      .login(ADMIN.email, ADMIN.password)
      .then(() => new SessionClient(studio.url).post("/api/auth/login", ADMIN, { "x-forwarded-proto": "https" }));
    expect(https.headers.get("set-cookie")).toMatch(/; Secure/);
  });

  it("refuses a wrong password and an unknown address alike, and records both", async () => {
    const client = new SessionClient(studio.url);
    const wrong = await client.login(ADMIN.email, "not-the-password");
    const unknown = await client.login("nobody@team.example", "not-the-password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json.error.message).toBe(unknown.json.error.message);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const failures = await db.selectFrom("audit_log").select("target").where("action", "=", "login_failed").execute();
    expect(failures.map((f) => f.target)).toEqual(expect.arrayContaining([ADMIN.email, "nobody@team.example"]));
    // One failure is not a lock: the admin still signs in (which clears the account's count).
    expect((await client.login(ADMIN.email, ADMIN.password)).status).toBe(200);
  });

  it("locks an account after 5 wrong passwords, even against the right one, and says when to retry", async () => {
    const { client: victim } = await member("member", "locked@team.example");
    const attacker = new SessionClient(studio.url);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await attacker.login("locked@team.example", `guess-${i}-wrong`)).status);
    expect(answers).toEqual([401, 401, 401, 401, 429]);
    const right = await attacker.login("locked@team.example", "member-password-1");
    expect(right.status).toBe(429);
    expect(right.json.error.code).toBe("login_locked");
    expect(right.json.error.message).toMatch(/Try again in 15 minutes/);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(800);
    expect(right.headers.get("set-cookie")).toBeNull();
    // The lock stops sign-ins, not the session already open.
    expect((await victim.get("/api/tasks")).status).toBe(200);
    const locked = await db
      .selectFrom("login_failures")
      .selectAll()
      .where("key", "=", "account:locked@team.example")
      .executeTakeFirstOrThrow();
    expect(locked.locked_until && locked.locked_until > new Date().toISOString()).toBe(true);
  });

  it("locks an address that tries many accounts", async () => {
    const ip = "203.0.113.77";
    const statuses = [];
    for (let i = 0; i < 20; i++)
      statuses.push(
        (
          await new SessionClient(studio.url).post(
            "/api/auth/login",
            { email: `spray${i}@team.example`, password: "password-guess" },
            { "x-forwarded-for": ip },
          )
        ).status,
      );
    expect(statuses.slice(0, 19).every((s) => s === 401)).toBe(true);
    expect(statuses[19]).toBe(429);
    const admin = await new SessionClient(studio.url).post("/api/auth/login", ADMIN, { "x-forwarded-for": ip });
    expect(admin.status).toBe(429);
    // Another address is not affected.
    expect(
      (await new SessionClient(studio.url).post("/api/auth/login", ADMIN, { "x-forwarded-for": "198.51.100.4" }))
        .status,
    ).toBe(200);
  });

  it("does not open a session with a forged, altered or foreign cookie", async () => {
    const client = new SessionClient(studio.url);
    await client.login(ADMIN.email, ADMIN.password);
    const good = client.cookie as string;
    const value = good.slice(good.indexOf("=") + 1);
    const altered = value.slice(0, 40) + (value[40] === "A" ? "B" : "A") + value.slice(41);
    const { sealData } = await import("iron-session");
    const foreign = await sealData({ sid: "x".repeat(43) }, { password: "another-secret-of-at-least-32-characters!!" });
    const ownSecretUnknownId = await sealData({ sid: "y".repeat(43) }, { password: SECRET });
    for (const cookie of [
      "studio_session=forged",
      `studio_session=${altered}`,
      `studio_session=${foreign}`,
      `studio_session=${ownSecretUnknownId}`,
    ]) {
      const res = await fetch(`${studio.url}/api/tasks`, { headers: { cookie } });
      expect(res.status, cookie.slice(0, 60)).toBe(401);
    }
    expect((await client.get("/api/tasks")).status).toBe(200);
  });

  it("ends a session when it expires, at sign-out (a copied cookie stops working), and everywhere", async () => {
    const { client: laptop } = await member("member", "sessions@team.example");
    const stolen = new SessionClient(studio.url);
    stolen.cookie = laptop.cookie;
    expect((await stolen.get("/api/tasks")).status).toBe(200);
    // An open event stream of that session ends with it, well before its own lifetime.
    const stream = await SseClient.open(`${studio.url}/api/events`, { cookie: laptop.cookie as string });
    expect(stream.status).toBe(200);
    const out = await laptop.post("/api/auth/logout", {});
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/^studio_session=; .*Max-Age=0/);
    expect((await stolen.get("/api/tasks")).status).toBe(401);
    await waitFor("the stream to end", async () => (stream.ended ? true : undefined), 8_000, 100);

    const phone = new SessionClient(studio.url);
    const desk = new SessionClient(studio.url);
    await phone.login("sessions@team.example", "member-password-1");
    await desk.login("sessions@team.example", "member-password-1");
    expect((await phone.post("/api/auth/logout", { everywhere: true })).status).toBe(200);
    expect((await desk.get("/api/tasks")).status).toBe(401);

    const late = new SessionClient(studio.url);
    await late.login("sessions@team.example", "member-password-1");
    expect((await late.get("/api/tasks")).status).toBe(200);
    const user = await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "sessions@team.example")
      .executeTakeFirstOrThrow();
    await db
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("user_id", "=", user.id)
      .execute();
    expect((await late.get("/api/tasks")).status).toBe(401);
  });

  it("rotates the session at sign-in: the cookie held before no longer works", async () => {
    const client = new SessionClient(studio.url);
    await client.login(ADMIN.email, ADMIN.password);
    const before = client.cookie;
    await client.login(ADMIN.email, ADMIN.password);
    expect(client.cookie).not.toBe(before);
    expect((await fetch(`${studio.url}/api/tasks`, { headers: { cookie: before as string } })).status).toBe(401);
    expect((await client.get("/api/tasks")).status).toBe(200);
  });

  it("makes an account from an invitation once, with the invited address and role", async () => {
    const a = admin();
    await a.login(ADMIN.email, ADMIN.password);
    const made = await a.post("/api/admin/invites", { email: "Once@Team.example", role: "viewer" });
    expect(made.status).toBe(201);
    expect(made.json.invite).toMatchObject({ email: "once@team.example", role: "viewer" });
    const token = String(made.json.path).replace("/invite/", "");
    expect((await a.get("/api/admin/invites")).json.invites.map((i: any) => i.email)).toContain("once@team.example");
    const page = await new SessionClient(studio.url).get(`/invite/${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("once@team.example");
    const stored = await db
      .selectFrom("invites")
      .selectAll()
      .where("email", "=", "once@team.example")
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);

    const weak = await new SessionClient(studio.url).post("/api/auth/invites/accept", {
      token,
      name: "",
      password: "short",
    });
    expect(weak.status).toBe(400);
    expect(weak.json.error.issues[0].path).toBe("password");
    const first = new SessionClient(studio.url);
    const accepted = await first.post("/api/auth/invites/accept", {
      token,
      name: "Once",
      password: "viewer-password-1",
    });
    expect(accepted.status).toBe(201);
    expect(accepted.json.account).toMatchObject({ email: "once@team.example", role: "viewer" });
    const again = await new SessionClient(studio.url).post("/api/auth/invites/accept", {
      token,
      name: "Twice",
      password: "viewer-password-2",
    });
    expect(again.status).toBe(410);
    expect(again.json.error.code).toBe("invite_invalid");
    expect((await new SessionClient(studio.url).get(`/invite/${token}`)).text).toContain(
      "This invitation cannot be used",
    );

    const revoked = await a.post("/api/admin/invites", { email: "withdrawn@team.example", role: "member" });
    expect((await a.delete(`/api/admin/invites/${revoked.json.invite.id}`)).status).toBe(200);
    const late = await new SessionClient(studio.url).post("/api/auth/invites/accept", {
      token: String(revoked.json.path).replace("/invite/", ""),
      name: "",
      password: "member-password-1",
    });
    expect(late.status).toBe(410);
    expect((await a.post("/api/admin/invites", { email: ADMIN.email, role: "member" })).status).toBe(409);
  });

  it("lets a viewer watch but not generate, change or administer", async () => {
    const { client: viewer } = await member("viewer", "viewer@team.example");
    expect((await viewer.get("/api/tasks")).status).toBe(200);
    const before = await db
      .selectFrom("tasks")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    for (const [method, url, body] of [
      ["POST", "/api/videos", valid],
      ["POST", "/api/runs", { request: valid, variations: {} }],
      ["POST", "/api/prompts", { name: "x", text: "y" }],
      ["POST", "/api/admin/invites", { email: "x@team.example", role: "admin" }],
      ["GET", "/api/admin/users", undefined],
    ] as const) {
      const res = await viewer.send(method, url, body);
      expect(res.status, url).toBe(403);
      expect(res.json.error.code).toBe("forbidden");
    }
    expect(
      await db
        .selectFrom("tasks")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow(),
    ).toEqual(before);
    const home = await viewer.get("/");
    expect(home.status).toBe(200);
    expect(home.text).toContain('data-testid="viewer-notice"');
    expect((await viewer.get("/admin")).status).toBe(307);
  });

  it("lets only a task's owner or an admin change or delete it", async () => {
    const { client: maker } = await member("member", "maker@team.example");
    const { client: other } = await member("member", "other@team.example");
    const made = await maker.post("/api/videos", valid);
    expect(made.status).toBe(202);
    const id = made.json.task.id;
    expect(made.json.task.ownerId).toBeTruthy();
    for (const res of [
      await other.delete(`/api/tasks/${id}`),
      await other.patch(`/api/tasks/${id}`, { notes: "mine now" }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.json.error.message).toMatch(/Only the person who made this video/);
    }
    expect((await other.get(`/api/tasks/${id}`)).json.task.notes).toBe("");
    expect((await maker.patch(`/api/tasks/${id}`, { notes: "keep" })).status).toBe(200);
    const a = admin();
    await a.login(ADMIN.email, ADMIN.password);
    const second = await maker.post("/api/videos", valid);
    expect((await maker.delete(`/api/tasks/${id}`)).status).toBe(200);
    expect((await a.delete(`/api/tasks/${second.json.task.id}`)).status).toBe(200);
  });

  it("disables an account at once and keeps at least one active admin", async () => {
    const { client: leaving, id } = await member("member", "leaving@team.example");
    const a = admin();
    await a.login(ADMIN.email, ADMIN.password);
    const res = await a.patch(`/api/admin/users/${id}`, { disabled: true });
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({ email: "leaving@team.example", disabled: true });
    expect((await leaving.get("/api/tasks")).status).toBe(401);
    const again = await new SessionClient(studio.url).login("leaving@team.example", "member-password-1");
    expect(again.status).toBe(403);
    expect(again.json.error.code).toBe("account_disabled");

    const self = (await a.get("/api/admin/users")).json.users.find((u: any) => u.email === ADMIN.email);
    expect((await a.patch(`/api/admin/users/${self.id}`, { role: "member" })).json.error.code).toBe("last_admin");
    expect((await a.patch(`/api/admin/users/${self.id}`, { disabled: true })).status).toBe(400);
    const { id: second } = await member("member", "second-admin@team.example");
    expect((await a.patch(`/api/admin/users/${second}`, { role: "admin" })).status).toBe(200);
    expect((await a.patch(`/api/admin/users/${second}`, { role: "viewer" })).status).toBe(200);
    const actions = (await db.selectFrom("audit_log").select(["action", "target"]).execute()).map(
      (r) => `${r.action} ${r.target ?? ""}`,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        "user_disabled leaving@team.example",
        "role_changed second-admin@team.example",
        "invite_created leaving@team.example",
        "login ",
      ]),
    );
  });

  it("keeps the emulator's renders for the studio: the public local token is refused", async () => {
    const res = await fetch(`${studio.url}/api/emulator/sora/videos`, {
      method: "POST",
      headers: { authorization: "Bearer studio-emulator", "content-type": "application/json" },
      body: JSON.stringify(valid),
    });
    expect(res.status).toBe(401);
  });
});

describe("first admin from the setup page", () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await startStudio({ LOG_LEVEL: "warn", STUDIO_AUTH: "on", STUDIO_SESSION_SECRET: SECRET });
  });
  afterAll(async () => studio?.stop());

  it("is offered while there is no account, made once, and then gone", async () => {
    const visitor = new SessionClient(studio.url);
    expect((await visitor.get("/")).headers.get("location")).toMatch(/\/setup$/);
    expect((await visitor.get("/login")).headers.get("location")).toMatch(/\/setup$/);
    expect((await visitor.get("/setup")).status).toBe(200);
    const racing = await Promise.all(
      ["first@team.example", "rival@team.example", "third@team.example"].map((email) =>
        new SessionClient(studio.url).post("/api/auth/setup", { email, name: "", password: "first-password-1" }),
      ),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect((await visitor.get("/setup")).headers.get("location")).toMatch(/\/login$/);
    const winner = racing.find((r) => r.status === 201)?.json.account;
    expect(winner.role).toBe("admin");
    expect((await visitor.login(winner.email, "first-password-1")).status).toBe(200);
  });
});

describe("the environment", () => {
  it("refuses to start team mode without a long enough session secret", async () => {
    await expect(startStudio({ STUDIO_AUTH: "on", STUDIO_SESSION_SECRET: "short" })).rejects.toThrow(
      /STUDIO_SESSION_SECRET: must be set to at least 32/,
    );
  });
});
