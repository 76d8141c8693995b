import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_CRON_SECRET } from "./constants";

/** Runs the scheduled refresh now (forced: not skipped as a duplicate delivery) and expects it to succeed. */
export async function refreshNow(request: APIRequestContext): Promise<void> {
  const response = await request.get("/api/cron/refresh?force=1", { headers: { authorization: `Bearer ${E2E_CRON_SECRET}` } });
  expect(response.status(), await response.text()).toBe(200);
}

/** The embedded simulator's fault controls (enabled for the tests with SIM_ADMIN=1). */
export async function simulatorFaults(request: APIRequestContext, faults: Record<string, unknown> | "reset"): Promise<void> {
  const response = faults === "reset" ? await request.post("/sim/__sim/reset") : await request.post("/sim/__sim/faults", { data: faults });
  expect(response.ok(), await response.text()).toBe(true);
}

export function queueTable(page: Page) {
  return page.getByRole("table", { name: "Queues", exact: true });
}

/** The number in a KPI card, e.g. 4,595 -> 4595. */
export async function kpiNumber(page: Page, id: string): Promise<number> {
  const text = await page.getByTestId(`kpi-${id}`).locator(".kpi-number").textContent();
  return Number((text ?? "").replace(/[^0-9.]/g, ""));
}

export async function waitForCharts(page: Page, count: number): Promise<void> {
  await expect(page.locator(".chart-box .recharts-wrapper > svg.recharts-surface")).toHaveCount(count);
}

/** From a page with a sign-in button in its main content, to the simulator's sign-in page. */
export async function openSimulatorSignIn(page: Page, start = "/me"): Promise<void> {
  await page.goto(start);
  await page
    .getByRole("main")
    .getByRole("button", { name: /Sign in/ })
    .click();
  await expect(page).toHaveURL(/\/sim\/oauth\/authorize\?/);
}

export type Problems = { violations: string[]; console: string[] };

/** Collects every CSP violation (from each document the page shows) and every console warning or error, for a test that expects none. */
export async function watch(page: Page): Promise<Problems> {
  const problems: Problems = { violations: [], console: [] };
  await page.exposeFunction("__cspViolation", (text: string) => problems.violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"} on ${e.documentURI} (${e.sample})`,
      );
    });
  });
  page.on("console", (message) => {
    if (message.type() !== "error" && message.type() !== "warning") return;
    const source = message.location().url;
    // The app has no favicon: Chromium's request for one is a 404, nothing to do with the policy.
    if (/^Failed to load resource: .*404/.test(message.text()) && new URL(source).pathname === "/favicon.ico") return;
    problems.console.push(`${message.type()}: ${message.text()} (${source || page.url()})`);
  });
  page.on("pageerror", (error) => problems.console.push(`pageerror: ${error.message} (${page.url()})`));
  return problems;
}

export function expectClean(problems: Problems): void {
  expect(problems.violations, "CSP violations").toEqual([]);
  expect(problems.console, "console errors and warnings").toEqual([]);
}
