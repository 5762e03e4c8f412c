import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { ReferenceImagesPanel } from "./pages/composer-media-page";
import { StudioPage } from "./pages/studio-page";
import { TaskDetailPage } from "./pages/task-detail-page";
import { playMuted, videoNumber } from "./support/video";

// The page's Content-Security-Policy (proxy.ts: a nonce per request, no 'unsafe-eval') against
// what a user really does: the theme script, the composer's blob: thumbnail, a generation on the
// emulator played from /api/media, the lazily loaded task drawer, a page change by the router and
// a reload, and team mode's sign-in form. The browser must report no violation at all. Injected
// script (in the HTML, as an inline handler, through eval) is shown to be refused and reported,
// so the watch itself is known to work.

// The team-mode studio playwright.config.ts starts next to the first one.
const TEAM_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3311) + 1}`;

type Violation = { directive: string; blocked: string; sample: string };

/** Every violation the browser reports (the DOM event, on every document the tab loads) and every CSP console error. */
async function watchViolations(page: Page) {
  const seen = { events: [] as Violation[], console: [] as string[] };
  await page.exposeBinding("__cspViolation", (_source, v: Violation) => void seen.events.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __cspViolation: (v: Violation) => void }).__cspViolation({
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        sample: e.sample,
      });
    });
  });
  page.on("console", (msg) => {
    if (/Content[- ]Security[- ]Policy|Refused to (load|execute|evaluate|apply|connect|frame)/i.test(msg.text()))
      seen.console.push(msg.text());
  });
  return seen;
}

test("the studio runs under its CSP without a single violation: compose, generate, play, details, change page, reload", async ({
  page,
}) => {
  const seen = await watchViolations(page);
  const studio = new StudioPage(page);

  const first = await page.goto("/");
  const policy = first?.headers()["content-security-policy"] ?? "";
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'(;|$)/);
  expect(policy).not.toContain("unsafe-eval");
  await expect(page.getByRole("heading", { name: "New video" })).toBeVisible();
  // The inline theme script ran (it is what sets data-theme before React starts).
  await expect(page.locator("html")).toHaveAttribute("data-theme", "system");

  // A reference image shows its preview from a blob: URL before it is sent.
  const images = new ReferenceImagesPanel(page);
  await images.upload({
    name: "still.png",
    mimeType: "image/png",
    buffer: await sharp({ create: { width: 160, height: 90, channels: 3, background: "#0ea5e9" } })
      .png()
      .toBuffer(),
  });
  const thumbnail = images.thumbnails.locator("img").first();
  await expect(thumbnail).toHaveAttribute("src", /^blob:/);
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);

  const prompt = `A lighthouse under a strict policy ${Date.now()}`;
  await studio.prompt.fill(prompt);
  await studio.choose("Size", "Small");
  await studio.generate.click();
  const card = studio.cardFor(prompt);
  await expect(card).toHaveAttribute("data-state", "succeeded", { timeout: 60_000 });

  // The video plays from the studio's own media route.
  const video = card.locator("video");
  await playMuted(video);
  await expect.poll(() => videoNumber(video, "currentTime"), { timeout: 15_000 }).toBeGreaterThan(0.2);
  const { src, poster } = await video.evaluate((v: HTMLVideoElement) => ({ src: v.currentSrc, poster: v.poster }));
  expect(src).toMatch(/\/api\/media\//);

  // Opened in a tab of its own ("Open video in new tab"), the video plays and the poster shows in
  // the browser's own documents, under the media routes' policy (next.config.mjs).
  const tab = await page.context().newPage();
  const tabSeen = await watchViolations(tab);
  await tab.goto(src);
  await expect
    .poll(() => tab.locator("video").evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(2);
  await tab.goto(poster);
  await expect.poll(() => tab.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await tab.close();
  expect(tabSeen.events, JSON.stringify(tabSeen.events)).toEqual([]);
  expect(tabSeen.console).toEqual([]);

  // The drawer's code is a chunk loaded on first use: 'strict-dynamic' must let it in.
  const detail = new TaskDetailPage(page);
  await detail.openFromCard(prompt);
  await expect(detail.detail.locator("video")).toHaveAttribute("src", /\/api\/media\//);
  await page.keyboard.press("Escape");
  await expect(detail.drawer).toBeHidden();

  // A page change by the app's router, then a full reload with a new nonce.
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Prompts" }).click();
  await expect(page).toHaveURL(/\/prompts$/);
  await expect(page.getByText(prompt).first()).toBeVisible();
  const reloaded = await page.reload();
  const again = reloaded?.headers()["content-security-policy"] ?? "";
  expect(again).toMatch(/'nonce-/);
  expect(again).not.toBe(policy);
  await expect(page.getByText(prompt).first()).toBeVisible();

  expect(seen.events, JSON.stringify(seen.events)).toEqual([]);
  expect(seen.console).toEqual([]);

  // The watch works, and so does the policy: what an injection in the page's DOM would try is refused.
  expect(await injectIntoDom(page)).toEqual({ handlerRan: false, evaluated: "EvalError" });
  await expect.poll(() => seen.events.map((v) => v.directive).sort()).toEqual(["script-src", "script-src-attr"]);
});

test("a script injected into the page's HTML without the nonce does not run, and is reported", async ({ page }) => {
  const seen = await watchViolations(page);
  // As a stored-XSS bug would put it: markup in the HTML the server sends, under its real header.
  await page.route("/", async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace("<head>", "<head><script>window.__injected = true</script>");
    await route.fulfill({ response, body: html });
  });
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "New video" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  await expect.poll(() => seen.events).toEqual([{ directive: "script-src-elem", blocked: "inline", sample: "" }]);
});

test("team mode's sign-in form validates under the CSP without a violation", async ({ page }) => {
  const seen = await watchViolations(page);
  const first = await page.goto(`${TEAM_URL}/login`);
  expect(first?.headers()["content-security-policy"]).toMatch(/'nonce-[^']+' 'strict-dynamic'/);
  await expect(page.getByRole("heading", { name: "Sign in to the studio" })).toBeVisible();
  // The form's rules (zod) run in the browser as the user types.
  await page.getByLabel("Email").fill("not-an-address");
  await page.getByLabel("Password", { exact: true }).focus();
  await expect(page.getByText("Enter an email address like name@example.com")).toBeVisible();
  expect(seen.events, JSON.stringify(seen.events)).toEqual([]);
  expect(seen.console).toEqual([]);
});

/**
 * Tries an inline event handler (as markup put in with innerHTML would) and eval, from a timer as
 * the page's own code would run them: code Playwright evaluates directly may eval regardless of
 * the page's policy (DevTools' evaluation is exempt).
 */
async function injectIntoDom(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ handlerRan: boolean; evaluated: string }>((resolve) =>
        setTimeout(() => {
          document.body.insertAdjacentHTML(
            "beforeend",
            `<img alt="" hidden src="data:," onerror="window.__handlerRan = true">`,
          );
          let evaluated = "ran";
          try {
            // biome-ignore lint/security/noGlobalEval: the test is that the page's policy refuses eval
            globalThis.eval("1");
          } catch (error) {
            evaluated = (error as Error).name;
          }
          // The broken image's error event fires on a later task.
          setTimeout(
            () =>
              resolve({
                handlerRan: (window as unknown as { __handlerRan?: boolean }).__handlerRan === true,
                evaluated,
              }),
            300,
          );
        }),
      ),
  );
}
