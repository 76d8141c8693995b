/**
 * The teaching page in Chromium: both grants' live traces after a scheduled refresh and the
 * visitor's own sign-in, the checks it shows, the 3 AM demonstration, no secret on the page, and
 * a phone-sized screen.
 */
import { expect, test, type Page } from "@playwright/test";
import { decode } from "next-auth/jwt";
import { E2E_AUTH_SECRET } from "./constants";
import { refreshNow, simulatorFaults } from "./helpers";

test.describe.configure({ mode: "serial" });

const SESSION_COOKIE = "authjs.session-token";
const SIM_CLIENT_SECRET = "sim-reporting-secret";

test.beforeAll(async ({ request }) => {
  await simulatorFaults(request, "reset");
  await refreshNow(request);
});

/** Steps of a trace, as the list items' text. */
async function stepTexts(page: Page, testId: string): Promise<string[]> {
  return page.getByTestId(testId).getByTestId("trace-step").allInnerTexts();
}

test("shows the scheduled refresh and the visitor's own sign-in as traces, with the state and PKCE checks", async ({ page, context }) => {
  await page.goto("/grants");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Which grant, and why");
  await expect(page.getByTestId("grant-comparison")).toContainText("not.a.user");

  // Client credentials: the refresh's back-channel calls, the token request on the login lane.
  const cc = await stepTexts(page, "cc-trace");
  expect(cc.some((text) => /App server → Login \(simulator\): Token request \(client credentials/.test(text))).toBe(true);
  expect(cc.some((text) => /App server → API \(simulator\): Conversation aggregates query\. HTTP 200/.test(text))).toBe(true);
  expect(await page.getByTestId("cc-trace").locator('[data-channel="front"]').count()).toBe(0);
  // Opening an API step shows its rate-limit headers and the request line.
  const aggregates = page.getByTestId("cc-trace").getByTestId("trace-step").filter({ hasText: "Conversation aggregates query" }).first();
  await aggregates.locator("summary").click();
  await expect(aggregates.getByTestId("rate-limit")).toContainText("inin-ratelimit-allowed");
  await expect(aggregates).toContainText("POST http://simulator.local/sim/api/v2/analytics/conversations/aggregates/query");
  await expect(aggregates).toContainText("authorization: Bearer");

  // The visitor's sign-in, recorded: note the code and state the browser carried.
  await expect(page.getByTestId("pkce-trace-empty")).toBeVisible();
  let callback: URL | null = null;
  page.on("request", (request) => {
    if (request.url().includes("/api/auth/callback/genesys")) callback = new URL(request.url());
  });
  await page
    .getByTestId("pkce-trace-empty")
    .getByRole("button", { name: /Sign in/ })
    .click();
  await expect(page).toHaveURL(/\/sim\/oauth\/authorize\?/);
  await page.getByRole("button", { name: /Sam Supervisor/ }).click();
  await expect(page).toHaveURL(/\/grants$/);

  const pkce = await stepTexts(page, "pkce-trace");
  expect(pkce[0]).toMatch(/Front channel.*1\. Browser → App server/is);
  expect(pkce[1]).toMatch(/Browser → Login \(simulator\).*happens at Genesys/s);
  expect(pkce[2]).toMatch(/Browser → App server.*callback/is);
  expect(pkce.some((text) => /Back channel.*App server → Login \(simulator\): Code exchange.*HTTP 200/is.test(text))).toBe(true);
  expect(pkce.some((text) => /Back channel.*App server → API \(simulator\): Who signed in \(users\/me\)\. HTTP 200/is.test(text))).toBe(
    true,
  );
  expect(pkce.at(-1)).toMatch(/App server → Browser: Signed in/);

  await expect(page.getByTestId("state-check")).toContainText("✓ matched");
  await expect(page.getByTestId("pkce-check")).toContainText("✓ verified");
  const computed = await page.getByTestId("pkce-computed").textContent();
  expect(computed).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId("pkce-challenge")).toHaveText(computed!);
  await expect(page.getByTestId("token-fields")).toContainText("No refresh_token");
  // The same computation in the visitor's own browser: RFC 7636 Appendix B's example, then a bad verifier.
  await expect(page.getByTestId("calculated-challenge")).toHaveText("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  await page.getByLabel(/Try it in your browser/).fill("too-short");
  await expect(page.getByTestId("challenge-calculator")).toContainText("Not a valid verifier");

  // Nothing whole that matters: not the token, the code, the state or the client secret.
  const html = await page.content();
  const session = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  const claims = await decode({ token: session!.value, secret: E2E_AUTH_SECRET, salt: SESSION_COOKIE });
  const token = claims?.accessToken as string;
  expect(token.length).toBeGreaterThan(16);
  expect(callback).not.toBeNull();
  const code = callback!.searchParams.get("code")!;
  const state = callback!.searchParams.get("state")!;
  expect(code.length).toBeGreaterThan(16);
  for (const secret of [token, code, state, SIM_CLIENT_SECRET, btoa(`sim-reporting-client:${SIM_CLIENT_SECRET}`)]) {
    expect(html).not.toContain(secret);
  }
  // The prefixes are there: enough to recognise them.
  expect(html).toContain(`${code.slice(0, 4)}…(redacted)`);
});

test("Run it at 3 AM: the client-credentials refresh succeeds; the user-delegated flow explains where it needs a person", async ({
  page,
}) => {
  await page.goto("/grants");
  await page.getByTestId("run-3am").click();
  const cc = page.getByTestId("3am-client-credentials");
  await expect(cc).toContainText("Client credentials: succeeded");
  await expect(cc).toContainText(/views refreshed for \d+ queues/);

  const attempts = page.getByTestId("3am-user-delegated").getByTestId("3am-attempt");
  await expect(attempts).toHaveCount(4);
  for (const attempt of await attempts.all()) await expect(attempt).toContainText("cannot work unattended");
  await expect(attempts.nth(0)).toContainText("no browser and so no session cookie");
  await attempts.nth(0).locator("summary").click();
  await expect(attempts.nth(0)).toContainText("401");
  await attempts.nth(1).locator("summary").click();
  await expect(attempts.nth(1)).toContainText("text/html");
  await attempts.nth(2).locator("summary").click();
  await expect(attempts.nth(2)).toContainText("invalid_client");
  // Not signed in in this browser: the general reason.
  await expect(attempts.nth(3)).toContainText("Tokens expire (Genesys: 5 minutes to 48 hours");
});

test("reads on a phone: nothing wider than the screen", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/grants");
  await expect(page.getByTestId("cc-trace")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.getByTestId("mistakes")).toBeVisible();
});
