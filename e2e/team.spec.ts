import { expect, test, type Page } from "@playwright/test";
import { TEAM_ADMIN } from "./support/team-accounts";

// Team mode in chromium (the "team" project's studio runs with STUDIO_AUTH=on): signing in,
// inviting someone by link, their first visit, a role change, and signing out.

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Opens `path`, which sends a signed-out visitor to the sign-in page, and signs in there as the team's admin. */
async function signInAsAdmin(page: Page, path: string) {
  await page.goto(path);
  await signIn(page, TEAM_ADMIN.email, TEAM_ADMIN.password);
}

/** On the admin page: creates an invitation link for `email` as a member, and returns the link. */
async function inviteMember(admin: Page, email: string): Promise<string> {
  await admin.getByLabel("Their email").fill(email);
  await admin.getByLabel("Role", { exact: true }).selectOption("member");
  await admin.getByRole("button", { name: "Create invitation link" }).click();
  return admin.getByTestId("invite-link").getByRole("textbox").inputValue();
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
  const link = await inviteMember(page, email);
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

/** A new member of the team, signed in in their own browser context. */
async function newMember(page: Page, browser: import("@playwright/test").Browser, email: string) {
  await page.goto("/admin");
  const link = await inviteMember(page, email);
  const context = await browser.newContext();
  const member = await context.newPage();
  await member.goto(link);
  await member.getByLabel("Choose a password").fill("quota-password-1");
  await member.getByRole("button", { name: "Create my account" }).click();
  await expect(member).toHaveURL(/\/$/);
  return { member, context };
}

test("an admin sets quotas; a member sees used and left before submitting, and is stopped at the limit", async ({
  page,
  browser,
}) => {
  await signInAsAdmin(page, "/admin");
  await expect(page).toHaveURL(/\/admin$/);

  // The team default: 15 s a day. A blank limit is refused at its field, nothing is saved.
  const defaults = page.getByRole("form", { name: "Team default quota" });
  await defaults.getByLabel("Limit for Seconds per day").selectOption("limit");
  await defaults.getByRole("button", { name: "Save" }).click();
  await expect(defaults.getByText("A whole number, 0 or more.")).toBeVisible();
  await defaults.getByLabel("Seconds per day", { exact: true }).fill("15");
  await defaults.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  const email = `quota-${Date.now()}@team.example`;
  const { member, context } = await newMember(page, browser, email);
  const meter = member.getByTestId("quota-meter");
  await expect(meter.getByTestId("quota-day")).toContainText("0 s of 15 s used · 15 s left");
  await expect(meter).toContainText("This would make 10 s");

  await member.getByRole("textbox", { name: "Prompt" }).fill("A red kite over a green hill");
  await member.getByRole("button", { name: "Generate" }).click();
  await expect(member.getByTestId("composer-notice")).toContainText(/accepted|queued|submitted/i);
  await expect(meter.getByTestId("quota-day")).toContainText("10 s of 15 s used · 5 s left");
  // The next 10 s would not fit: said before a click, and a click sends nothing.
  await expect(meter.getByTestId("quota-problem")).toHaveText(
    "This needs 10 s of video and you have 5 s left today (of 15 s). The day resets at midnight UTC.",
  );
  const cards = member.getByTestId("task-card");
  const before = await cards.count();
  await member.getByRole("button", { name: "Generate" }).click();
  await expect(member.getByTestId("composer-notice")).toHaveText(
    "This needs 10 s of video and you have 5 s left today (of 15 s). The day resets at midnight UTC.",
  );
  await expect(cards).toHaveCount(before);

  // An admin gives this member their own, larger day: the member's meter follows on reload.
  await page.reload();
  await page.getByRole("button", { name: `Edit the quota of ${email}` }).click();
  const own = page.getByTestId("quota-override");
  await expect(own.getByLabel("Limit for Seconds per day")).toHaveValue("inherit");
  await own.getByLabel("Limit for Seconds per day").selectOption("limit");
  await own.getByLabel("Seconds per day", { exact: true }).fill("60");
  await own.getByLabel("May use sora-2-pro").selectOption("no");
  await own.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("account-row").filter({ hasText: email })).toContainText("60 s/day · no sora-2-pro");
  await member.reload();
  await expect(meter.getByTestId("quota-day")).toContainText("10 s of 60 s used · 50 s left");
  await expect(meter).toContainText("sora-2-pro not allowed");
  await expect(meter.getByTestId("quota-problem")).toHaveText("");

  // The audit page shows the submission and the quota changes, filtered, and exports the view.
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  await page.getByLabel("Action").selectOption("task_submitted");
  await expect(page).toHaveURL(/action=task_submitted/);
  const submitted = page.getByTestId("audit-row").filter({ hasText: email });
  await expect(submitted).toHaveCount(1);
  await expect(submitted).toContainText("1 video, 10 s (sora-2): A red kite over a green hill");
  await page.getByLabel("Who").fill(email.slice(0, 12).toUpperCase());
  await expect(page).toHaveURL(/actor=/);
  await expect(page.getByTestId("audit-row")).toHaveCount(1);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = await (await download)
    .path()
    .then((file) => import("node:fs").then((fs) => fs.readFileSync(file as string, "utf8")));
  expect(csv.split("\r\n")[0]).toBe("seq,at,actor,action,target,ip,detail");
  expect(csv.trim().split("\r\n")).toHaveLength(2);
  expect(csv).toContain(email);

  await page.getByLabel("Action").selectOption("quota_changed");
  await page.getByLabel("Who").fill("");
  await expect(page.getByTestId("audit-row").filter({ hasText: "The team's default quota" })).toHaveCount(1);
  await expect(page.getByTestId("audit-row").filter({ hasText: `Quota of ${email}` })).toHaveCount(1);

  // Back to no limits for the team.
  await page.goto("/admin");
  await defaults.getByLabel("Limit for Seconds per day").selectOption("none");
  await defaults.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await context.close();
});

test("the gallery shows the team's videos or only mine, and offers deleting only what the viewer may delete", async ({
  page,
  browser,
}) => {
  await signInAsAdmin(page, "/");
  await expect(page.getByRole("button", { name: "Generate" })).toBeVisible();
  const { member: maker, context: makerContext } = await newMember(page, browser, `maker-${Date.now()}@team.example`);
  await maker.getByRole("textbox", { name: "Prompt" }).fill("A paper crane on a windowsill");
  await maker.getByRole("button", { name: "Generate" }).click();
  const card = maker.getByTestId("task-card").filter({ hasText: "A paper crane on a windowsill" });
  await expect(card).toBeVisible();
  await expect(card.getByRole("button", { name: "Delete" })).toBeVisible();

  // Another member sees it in Team, without Delete, and not in Mine.
  const { member: other, context: otherContext } = await newMember(page, browser, `other-${Date.now()}@team.example`);
  const seen = other.getByTestId("task-card").filter({ hasText: "A paper crane on a windowsill" });
  await expect(seen).toBeVisible();
  await expect(seen.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await other.getByRole("button", { name: "Mine" }).click();
  await expect(other).toHaveURL(/owner=me/);
  await expect(seen).toHaveCount(0);
  await other.getByRole("button", { name: "Team" }).click();
  await expect(seen).toBeVisible();

  // The admin may delete anyone's.
  await page.goto("/");
  await expect(
    page
      .getByTestId("task-card")
      .filter({ hasText: "A paper crane on a windowsill" })
      .getByRole("button", { name: "Delete" }),
  ).toBeVisible();
  await makerContext.close();
  await otherContext.close();
});
