/**
 * A real org's credentials with DASHBOARD_ACCESS undecided (the app on E2E_UNCONFIGURED_PORT,
 * pointed at a standalone simulator standing in for the org): no page shows the org's data, and
 * /grants still teaches, without traces.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_ORG_PORT, E2E_UNCONFIGURED_PORT } from "./constants";

const APP = `http://127.0.0.1:${E2E_UNCONFIGURED_PORT}`;
const ORG = `http://127.0.0.1:${E2E_ORG_PORT}`;

/** The org's queue names, asked of the org itself. */
async function orgQueueNames(request: APIRequestContext): Promise<string[]> {
  const token = await request.post(`${ORG}/oauth/token`, {
    headers: {
      Authorization: `Basic ${Buffer.from("sim-reporting-client:sim-reporting-secret").toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    data: "grant_type=client_credentials",
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const queues = await request.get(`${ORG}/api/v2/routing/queues?pageSize=100`, { headers: { Authorization: `Bearer ${access_token}` } });
  return ((await queues.json()) as { entities: { name: string }[] }).entities.map((q) => q.name);
}

test("with DASHBOARD_ACCESS undecided, no page shows a queue name, and /grants teaches without traces", async ({ page, request }) => {
  // The start-up refresh has run (it is not viewers' work): a trace exists that could leak.
  await expect
    .poll(async () => ((await (await request.get(`${APP}/api/health`)).json()) as { lastRefresh?: { ok?: boolean } }).lastRefresh?.ok, {
      timeout: 60_000,
    })
    .toBe(true);
  const names = await orgQueueNames(request);
  expect(names.length).toBeGreaterThan(10);

  expect((await request.get(`${APP}/api/reports/queues?view=today`)).status()).toBe(403);

  await page.goto(`${APP}/grants`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Which grant, and why");
  await expect(page.getByTestId("cc-trace-withheld")).toContainText("DASHBOARD_ACCESS");
  await expect(page.getByRole("heading", { name: "Side by side" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Run both now/ })).toHaveCount(0);
  const grants = await page.content();
  for (const name of names) expect(grants).not.toContain(name);

  await page.goto(`${APP}/`);
  const home = await page.content();
  for (const name of names) expect(home).not.toContain(name);
});
