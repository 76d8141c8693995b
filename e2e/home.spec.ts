import { expect, test } from "@playwright/test";
import { refreshNow } from "./helpers";

test.beforeAll(async ({ request }) => {
  await refreshNow(request);
});

test("the dashboard is rendered on the server: the numbers are there without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Queue report · Last 24 hours/);
  await expect(page.getByTestId("simulator-badge")).toContainText("Simulated data");

  const table = page.getByRole("table", { name: "Queues", exact: true });
  const rows = table.locator("tbody tr");
  expect(await rows.count()).toBeGreaterThanOrEqual(12);
  // Real traffic, and the per-queue numbers add up to the all-queues row.
  const offered = (await table.locator("tbody tr td:nth-child(2)").allTextContents()).map((t) => Number(t.replace(/,/g, "")));
  const total = Number((await table.locator("tfoot td").first().textContent())!.replace(/,/g, ""));
  expect(total).toBeGreaterThan(0);
  expect(offered.reduce((a, b) => a + b, 0)).toBe(total);
  await context.close();
});
