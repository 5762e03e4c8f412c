import { expect, test, type Page } from "@playwright/test";
import { TEAM_ADMIN } from "./team-accounts";

// Team mode in chromium (the "team" project's studio runs with STUDIO_AUTH=on): signing in,
// inviting someone by link, their first visit, a role change, and signing out.

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an admin signs in, invites a member by link, and changes their role", async ({ page, browser }) => {
  await page.goto("/prompts");
  await expect(page).toHaveURL(/\/login\?next=%2Fprompts$/);
  await expect(page.getByRole("heading", { name: "Sign in to the studio" })).toBeVisible();

  // A field rule before anything is sent, then a wrong password from the server, in plain words.
  await page.getByLabel("Email").fill("not-an-address");
  await page.getByLabel("Password", { exact: true }).focus();
  await expect(page.getByText("Enter an email address like name@example.com")).toBeVisible();
  await signIn(page, TEAM_ADMIN.email, "wrong-password");
  await expect(page.locator("#login-failure")).toHaveText("That email and password do not match an account.");

  await signIn(page, TEAM_ADMIN.email, TEAM_ADMIN.password);
  await expect(page).toHaveURL(/\/prompts$/);
  await page.getByTestId("account-menu").locator("summary").click();
  await page.getByRole("link", { name: "Team", exact: true }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByTestId("account-row")).toHaveCount(1);

  const email = `member-${Date.now()}@team.example`;
  await page.getByLabel("Their email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("member");
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const link = await page.getByTestId("invite-link").getByRole("textbox").inputValue();
  expect(link).toMatch(/\/invite\/[\w-]{32}$/);
  await expect(page.getByTestId("open-invite").filter({ hasText: email })).toBeVisible();

  // The invited person, in their own browser: the link, a name and password, and they are in.
  const guest = await browser.newContext();
  const member = await guest.newPage();
  await member.goto(link);
  await expect(member.getByText(`You were invited as a member with ${email}`)).toBeVisible();
  await member.getByLabel("Your name").fill("Mira");
  await member.getByLabel("Choose a password").fill("mira-password-1");
  await member.getByRole("button", { name: "Create my account" }).click();
  await expect(member).toHaveURL(/\/$/);
  await expect(member.getByRole("button", { name: "Generate" })).toBeVisible();
  await expect(member.getByTestId("account-menu")).toContainText("Mira");

  // The link worked once.
  const again = await browser.newContext();
  const late = await again.newPage();
  await late.goto(link);
  await expect(late.getByRole("heading", { name: "This invitation cannot be used" })).toBeVisible();
  await again.close();

  // The admin makes them a viewer: on their next visit the composer gives way to a notice.
  await page.reload();
  await expect(page.getByTestId("account-row")).toHaveCount(2);
  await page.getByLabel(`Role of ${email}`).selectOption("viewer");
  await expect(page.getByLabel(`Role of ${email}`)).toHaveValue("viewer");
  await member.reload();
  await expect(member.getByTestId("viewer-notice")).toBeVisible();
  await expect(member.getByRole("button", { name: "Generate" })).toHaveCount(0);

  // Signing out ends the session: the studio asks to sign in again.
  await member.getByTestId("account-menu").locator("summary").click();
  await member.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(member).toHaveURL(/\/login$/);
  await member.goto("/");
  await expect(member).toHaveURL(/\/login\?next=%2F$/);
  await guest.close();
});
