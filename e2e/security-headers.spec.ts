/**
 * The security headers in a real Chromium against the production build: every page works under
 * its Content-Security-Policy (the charts, client navigation, sign-in through the simulator's
 * page, the teaching page's scripts) with no violation and no console error; the headers are on
 * the pages and on the API routes, the proxy's and the ones it skips.
 */
import { expect, test } from "@playwright/test";
import { expectClean, openSimulatorSignIn, queueTable, refreshNow, simulatorFaults, waitForCharts, watch } from "./helpers";

test.describe.configure({ mode: "serial" });

const STATIC_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
  "cross-origin-opener-policy": "same-origin",
};
const HSTS = "max-age=63072000; includeSubDomains";

test.beforeAll(async ({ request }) => {
  await simulatorFaults(request, "reset");
  await refreshNow(request);
});

test("the dashboard, a queue, /me, /signin and /grants work under the policy: charts drawn, no violation", async ({ page }) => {
  const problems = await watch(page);

  const home = await page.goto("/");
  expect(home!.headers()["content-security-policy"]).toContain("'strict-dynamic'");
  await waitForCharts(page, 3); // recharts drew: the first-load JS ran
  await expect(queueTable(page).getByRole("link", { name: "Sales", exact: true })).toBeVisible();

  // Client-side navigation: the queue page's chunks load under the first document's policy.
  await queueTable(page).getByRole("link", { name: "Sales", exact: true }).click();
  await expect(page).toHaveURL(/\/queues\/[^/?]+/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Sales · /);
  await waitForCharts(page, 3);
  const queuePath = new URL(page.url()).pathname;

  // Each page loaded afresh.
  await page.goto(queuePath);
  await waitForCharts(page, 3);
  await page.goto("/me");
  await expect(page.getByRole("main")).toContainText("Sign in with your Genesys Cloud account");
  await page.goto("/signin");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in with Genesys Cloud");
  // /grants: the 3 AM demo is a server action whose answer renders on the client (its run, or,
  // within a minute of grants.spec.ts's, its once-a-minute refusal).
  await page.goto("/grants");
  await page.getByTestId("run-3am").click();
  await expect(
    page.getByTestId("3am-client-credentials").or(page.getByRole("alert").filter({ hasText: "runs at most once a minute" })),
  ).toBeVisible();
  // The view switcher: client navigation with search params.
  await page.goto("/");
  await page.getByRole("navigation", { name: "Report view" }).getByRole("link", { name: "Last 7 days" }).click();
  await expect(page).toHaveURL(/view=last-7d/);
  await waitForCharts(page, 3);

  expectClean(problems);
});

test("signing in through the simulator's page works under both policies, and the user's view renders", async ({ page }) => {
  const problems = await watch(page);
  await openSimulatorSignIn(page);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("choose a demo user");
  // The simulator's inline styles apply (its buttons are full width, left aligned).
  expect(await page.getByRole("button", { name: /Sam Supervisor/ }).evaluate((b) => getComputedStyle(b).textAlign)).toBe("left");
  await page.getByRole("button", { name: /Sam Supervisor/ }).click();
  await expect(page.getByTestId("signed-in-user")).toHaveText(/Sam Supervisor/);
  await expect(page.getByTestId("principal")).toHaveText("Sam Supervisor");

  // Signed in, /grants shows the trace, and its calculator hashes in the browser (crypto.subtle).
  await page.goto("/grants");
  await expect(page.getByTestId("pkce-check")).toContainText("✓ verified");
  await expect(page.getByTestId("calculated-challenge")).toHaveText("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  await page.goto("/");
  await waitForCharts(page, 3);

  // Signing out: a server action, back to /signin.
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByTestId("signed-out")).toBeVisible();
  expectClean(problems);
});

test("the sign-in still works without JavaScript (a form post, redirected to the sign-in page)", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const problems = await watch(page);
  await openSimulatorSignIn(page);
  await page.getByRole("button", { name: /Alex Agent/ }).click();
  await expect(page.getByTestId("principal")).toHaveText("Alex Agent");
  expectClean(problems);
  await context.close();
});

test("pages send the policy with a new nonce each time, and the other headers; no HSTS over http", async ({ request }) => {
  const nonces = new Set<string>();
  for (const path of ["/", "/me", "/signin", "/grants", "/", "/queues/no-such-queue"]) {
    const response = await request.get(path);
    const headers = response.headers();
    const csp = headers["content-security-policy"];
    expect(csp, path).toBeTruthy();
    for (const directive of [
      "default-src 'self'",
      "style-src-attr 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp, path).toContain(directive);
    }
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic';/.exec(csp!)?.[1];
    expect(nonce, csp).toBeTruthy();
    expect(csp).toContain(`style-src 'self' 'nonce-${nonce}'`);
    expect(csp).not.toContain("unsafe-eval"); // the production build
    expect(csp).not.toContain("upgrade-insecure-requests");
    // Every script in the HTML carries that nonce.
    const scripts = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length, path).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
    nonces.add(nonce!);
    expect(headers, path).toMatchObject(STATIC_HEADERS);
    expect(headers["strict-transport-security"], path).toBeUndefined();
  }
  expect(nonces.size).toBe(6);
});

test("API routes, inside and outside the proxy, and the simulator send the headers too", async ({ request }) => {
  for (const path of [
    "/api/reports/queues",
    "/api/health",
    "/api/me/reports/queues",
    "/api/auth/session",
    "/sim/oauth/authorize",
    "/robots.txt",
  ]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers, path).toMatchObject(STATIC_HEADERS);
    expect(headers["strict-transport-security"], path).toBeUndefined();
    if (path.startsWith("/api/")) expect(headers["content-security-policy"], path).toBeUndefined();
  }
  const sim = (await request.get("/sim/oauth/authorize")).headers()["content-security-policy"];
  expect(sim).toBe(
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
});

test("behind an https proxy (X-Forwarded-Proto: https): HSTS on pages and API routes, insecure requests upgraded", async ({ request }) => {
  const https = { "x-forwarded-proto": "https" };
  for (const path of ["/", "/signin", "/api/reports/queues", "/api/health", "/api/me/reports/queues"]) {
    const response = await request.get(path, { headers: https });
    expect(response.headers()["strict-transport-security"], path).toBe(HSTS);
  }
  const page = await request.get("/", { headers: https });
  expect(page.headers()["content-security-policy"]).toMatch(/; upgrade-insecure-requests$/);
});
