/**
 * "Sign in with Genesys Cloud" in a real Chromium against the embedded simulator: authorization
 * code + PKCE through the simulator's sign-in page, the user-delegated view beside the
 * client-credentials numbers, sign-out with revocation, expiry, and the refusals.
 */
import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { decode } from "next-auth/jwt";
import { E2E_AUTH_SECRET } from "./constants";
import { openSimulatorSignIn, refreshNow, simulatorFaults } from "./helpers";

test.describe.configure({ mode: "serial" });

const SESSION_COOKIE = "authjs.session-token";
// Yesterday (UTC), a whole settled day inside the simulator's history: where both grants see a
// queue, the numbers are exactly equal.
const DAY_MS = 86_400_000;
const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const PAST = `interval=${new Date(today - DAY_MS).toISOString()}/${new Date(today).toISOString()}&granularity=PT1H`;

type DemoUser = "Sam Supervisor" | "Alex Agent";

test.beforeAll(async ({ request }) => {
  await simulatorFaults(request, "reset");
  await refreshNow(request);
});

test.afterAll(async ({ request }) => {
  await simulatorFaults(request, "reset");
});

/** From a page showing a sign-in button in its main content, through the simulator's page, back. */
async function signIn(page: Page, user: DemoUser, start = "/me"): Promise<void> {
  await openSimulatorSignIn(page, start);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("choose a demo user");
  await page.getByRole("button", { name: new RegExp(user) }).click();
  await expect(page.getByTestId("signed-in-user")).toHaveText(new RegExp(user));
}

async function accessToken(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(cookie, "the session cookie").toBeTruthy();
  const claims = await decode({ token: cookie!.value, secret: E2E_AUTH_SECRET, salt: SESSION_COOKIE });
  const token = claims?.accessToken;
  expect(typeof token).toBe("string");
  return token as string;
}

async function simStats(request: APIRequestContext): Promise<{ tokenRequests: number; byRoute: Record<string, number> }> {
  const res = await request.get("/sim/__sim/stats");
  expect(res.ok()).toBe(true);
  return res.json();
}

async function myViewRows(page: Page) {
  const rows = page.getByTestId("my-view-table").locator("tbody tr");
  const out: Array<{ name: string; visibility: string; mine: number | null; app: number | null }> = [];
  for (const row of await rows.all()) {
    const cell = async (col: string) => {
      const loc = row.locator(`td[data-col="${col}"]`);
      return (await loc.count()) ? Number(await loc.textContent()) : null;
    };
    out.push({
      name: (await row.locator("th").textContent()) ?? "",
      visibility: (await row.getAttribute("data-visibility")) ?? "",
      mine: await cell("mine-offered"),
      app: await cell("app-offered"),
    });
  }
  return out;
}

test("the supervisor signs in with PKCE and sees every queue, with the client-credentials numbers", async ({ page, request }) => {
  await page.goto("/me");
  await expect(page.getByRole("main")).toContainText("Sign in with your Genesys Cloud account");
  await signIn(page, "Sam Supervisor", `/me?${PAST}`);
  // Back where the sign-in started, query and all.
  await expect.poll(() => new URL(page.url()).search).toBe(`?${new URLSearchParams(PAST)}`);
  await expect(page.getByTestId("principal")).toHaveText("Sam Supervisor");
  await expect(page.getByRole("heading", { level: 2, name: "Why the two differ" })).toBeVisible();

  const appReport = await (await request.get(`/api/reports/queues?${PAST}`)).json();
  const rows = await myViewRows(page);
  expect(rows).toHaveLength(appReport.queues.length);
  for (const row of rows) {
    const app = appReport.queues.find((q: { name: string }) => q.name === row.name);
    expect(row.visibility, row.name).toBe("same");
    expect(row.mine, row.name).toBe(app.totals.offered);
    expect(row.app, row.name).toBe(app.totals.offered);
  }
  expect(rows.some((r) => (r.mine ?? 0) > 0)).toBe(true);

  // The live view (last 24 hours) too: every queue visible to the supervisor.
  await page.goto("/me");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My view · Last 24 hours");
  expect((await myViewRows(page)).every((r) => r.visibility !== "app-only")).toBe(true);

  // The API: the same QueueReport, by the user's grant, naming the user.
  const mine = await (await page.request.get("/api/me/reports/queues?view=last-24h")).json();
  expect(mine.source.grant).toBe("authorization_code");
  expect(mine.principal.name).toBe("Sam Supervisor");
});

test("demo sign-in works on whatever port the app runs on, with no AUTH_URL set", async ({ page, baseURL }) => {
  // playwright.config.ts serves the app on E2E_PORT (3100 by default) and sets no AUTH_URL: the
  // embedded simulator accepts the callback of the very origin the sign-in came to.
  const origin = new URL(baseURL!).origin;
  expect(new URL(origin).port).not.toBe("3000");
  await openSimulatorSignIn(page);
  expect(new URL(page.url()).searchParams.get("redirect_uri")).toBe(`${origin}/api/auth/callback/genesys`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("choose a demo user");
  await page.getByRole("button", { name: /Sam Supervisor/ }).click();
  await expect(page.getByTestId("signed-in-user")).toHaveText(/Sam Supervisor/);
  expect(new URL(page.url()).origin).toBe(origin);
});

test("the token never reaches the browser: not in pages, /api/auth/session, JS-readable cookies or storage", async ({ page, context }) => {
  await signIn(page, "Sam Supervisor");
  const token = await accessToken(context);
  expect(token.length).toBeGreaterThan(30);

  const session = await page.request.get("/api/auth/session");
  const sessionText = await session.text();
  expect(JSON.parse(sessionText).user.name).toBe("Sam Supervisor");
  expect(sessionText).not.toContain(token);

  for (const path of ["/me", "/", "/signin", `/me?${PAST}`]) {
    await page.goto(path);
    expect(await page.content(), path).not.toContain(token);
    const readable = await page.evaluate(() => ({
      cookie: document.cookie,
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
    }));
    expect(readable.cookie, path).not.toContain(SESSION_COOKIE);
    expect(JSON.stringify(readable), path).not.toContain(token);
  }

  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!;
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe("Lax");
  expect(cookie.secure).toBe(false); // http://127.0.0.1 in the tests; Secure on https (vitest checks that)
});

test("the agent sees fewer queues; the others are marked, the shared ones match", async ({ page }) => {
  await signIn(page, "Alex Agent", `/me?${PAST}`);
  await expect(page.getByTestId("principal")).toHaveText("Alex Agent");
  const rows = await myViewRows(page);
  const hidden = rows.filter((r) => r.visibility === "app-only");
  const shared = rows.filter((r) => r.visibility === "same");
  expect(hidden.length).toBeGreaterThan(0);
  expect(shared.length).toBeGreaterThan(0);
  expect(shared.length + hidden.length).toBe(rows.length);
  for (const r of shared) expect(r.mine, r.name).toBe(r.app);
  const firstHidden = page.getByTestId("my-view-table").locator('tbody tr[data-visibility="app-only"]').first();
  await expect(firstHidden).toContainText("Not visible to you");
  await expect(page.getByTestId("visibility-summary")).toContainText(`You see ${shared.length} of the ${rows.length} queues`);
});

test("sign-out revokes the token at Genesys and clears the session", async ({ page, context }) => {
  await signIn(page, "Alex Agent");
  const token = await accessToken(context);
  const before = await simStats(page.request);
  expect((await page.request.get("/sim/api/v2/tokens/me", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(200);

  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByTestId("signed-out")).toBeVisible();
  await expect(page.getByRole("banner").getByRole("button", { name: "Sign in with Genesys Cloud" })).toBeVisible();

  expect((await context.cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);
  const me = await page.request.get("/api/me/reports/queues");
  expect(me.status()).toBe(401);
  expect((await me.json()).error.code).toBe("unauthenticated");
  expect(await (await page.request.get("/api/auth/session")).json()).toBeNull();
  // Revoked at the (simulated) Genesys: the token no longer works anywhere.
  const after = await simStats(page.request);
  expect((after.byRoute["DELETE /api/v2/tokens/me"] ?? 0) - (before.byRoute["DELETE /api/v2/tokens/me"] ?? 0)).toBe(1);
  expect((await page.request.get("/sim/api/v2/tokens/me", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
});

test("an expired token: /me says so and offers to sign in again; nothing crashes", async ({ page, request }) => {
  await simulatorFaults(request, { tokenLifetimeSeconds: 2 });
  await signIn(page, "Sam Supervisor");
  await page.waitForTimeout(2_500);
  await page.goto("/me");
  await expect(page.getByTestId("session-expired")).toContainText("Your Genesys Cloud session has expired");
  await expect(page.getByRole("banner")).toContainText("session expired");
  const api = await page.request.get("/api/me/reports/queues");
  expect(api.status()).toBe(401);
  expect((await api.json()).error.code).toBe("token_expired");

  // Signing in again is the way on (and works once tokens last again).
  await simulatorFaults(request, "reset");
  await page.getByTestId("session-expired").getByRole("button", { name: "Sign in again" }).click();
  await page.getByRole("button", { name: /Sam Supervisor/ }).click();
  await expect(page.getByTestId("principal")).toHaveText("Sam Supervisor");
});

test("a token revoked at Genesys (401) is reported as expired, not replaced by the app's credentials", async ({ page, request }) => {
  await signIn(page, "Alex Agent");
  expect((await request.post("/sim/__sim/expire-tokens")).ok()).toBe(true);
  await page.goto("/me?view=today");
  await expect(page.getByTestId("session-expired")).toBeVisible();
  await expect(page.getByTestId("my-view-table")).toHaveCount(0);
  // The scheduled dashboard is unaffected: it renews its own client-credentials token.
  await refreshNow(request);
  await page.goto("/");
  await expect(page.getByRole("table", { name: "Queues", exact: true })).toBeVisible();
});

test("a code exchanged with another sign-in's code_verifier is refused by the simulator, and the app says so", async ({
  browser,
  request,
}) => {
  const victim = await browser.newContext();
  const attacker = await browser.newContext();
  const page = await victim.newPage();
  const other = await attacker.newPage();
  for (const p of [page, other]) {
    await openSimulatorSignIn(p);
  }
  // The victim's state, the attacker's verifier: the state check passes, PKCE must not.
  const verifier = (await attacker.cookies()).find((c) => c.name === "authjs.pkce.code_verifier")!;
  await victim.addCookies([verifier]);
  const before = (await simStats(request)).tokenRequests;
  await page.getByRole("button", { name: /Sam Supervisor/ }).click();
  await expect(page).toHaveURL(/\/signin\?error=/);
  await expect(page.getByTestId("sign-in-error")).toContainText("Sign-in could not be completed.");
  await expect(page.getByRole("banner").getByRole("button", { name: "Sign in with Genesys Cloud" })).toBeVisible();
  expect((await victim.cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);
  // The exchange was attempted and the simulator refused it (invalid_grant).
  expect((await simStats(request)).tokenRequests - before).toBe(1);
  await victim.close();
  await attacker.close();
});

test("a callback with a forged or missing state is refused before any code exchange", async ({ page, request }) => {
  for (const forge of [(u: URL) => u.searchParams.set("state", "forged"), (u: URL) => u.searchParams.delete("state")]) {
    await page.context().clearCookies();
    await openSimulatorSignIn(page);
    // The simulator's redirect back to the app, with its state forged or removed on the way.
    await page.route("**/sim/oauth/authorize", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      const answer = await route.fetch({ maxRedirects: 0 });
      const location = new URL(answer.headers()["location"]!);
      forge(location);
      await route.fulfill({ status: 302, headers: { location: location.toString() } });
    });
    const before = (await simStats(request)).tokenRequests;
    await page.getByRole("button", { name: /Sam Supervisor/ }).click();
    await expect(page).toHaveURL(/\/signin\?error=/);
    await expect(page.getByTestId("sign-in-error")).toBeVisible();
    expect((await simStats(request)).tokenRequests).toBe(before);
    expect((await page.context().cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);
    await page.unrouteAll();
  }
});

test("the simulator refuses a redirect URI that is not registered exactly", async ({ page }) => {
  const challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  for (const redirect of ["http://evil.example/api/auth/callback/genesys", "http://127.0.0.1:3000/api/auth/callback/genesys/"]) {
    const query = new URLSearchParams({
      client_id: "sim-pkce-client",
      response_type: "code",
      redirect_uri: redirect,
      code_challenge: challenge,
      code_challenge_method: "S256",
      state: "s",
    });
    const response = await page.goto(`/sim/oauth/authorize?${query}`);
    expect(response?.status()).toBe(400);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Redirect URI not registered");
  }
});
