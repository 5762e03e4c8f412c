import { expect } from "vitest";
import { SessionClient } from "./session-client";

// A team-mode studio for tests: its settings, and accounts made the way a team makes them
// (the admin invites, the invited person accepts).

export const TEAM_SECRET = "test-session-secret-0123456789-abcdefghij";
export const TEAM_ADMIN = { email: "admin@team.example", password: "admin-password-1" };
export const teamEnv = {
  STUDIO_AUTH: "on",
  STUDIO_SESSION_SECRET: TEAM_SECRET,
  STUDIO_ADMIN_EMAIL: TEAM_ADMIN.email,
  STUDIO_ADMIN_PASSWORD: TEAM_ADMIN.password,
};

/** The env admin, signed in. */
export async function signedInAdmin(url: string): Promise<SessionClient> {
  const admin = new SessionClient(url);
  expect((await admin.login(TEAM_ADMIN.email, TEAM_ADMIN.password)).status).toBe(200);
  return admin;
}

/** A new account with `role`, made through an invitation; returns its signed-in client. */
export async function invitedAccount(
  url: string,
  role: "member" | "viewer" | "admin",
  email: string,
  password = "member-password-1",
) {
  const admin = await signedInAdmin(url);
  const made = await admin.post("/api/admin/invites", { email, role });
  expect(made.status).toBe(201);
  const token = String(made.json.path).split("/").at(-1);
  const client = new SessionClient(url);
  const accepted = await client.post("/api/auth/invites/accept", { token, name: email.split("@")[0], password });
  expect(accepted.status, accepted.text).toBe(201);
  return { client, token, id: accepted.json.account.id as string };
}
