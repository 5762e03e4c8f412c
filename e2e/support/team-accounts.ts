/** The team-mode studio's admin, from its environment (playwright.config.ts starts it). */
export const TEAM_ADMIN = { email: "admin@team.example", password: "team-admin-password" };
