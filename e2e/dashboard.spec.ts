import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { kpiNumber, queueTable, refreshNow, simulatorFaults, waitForCharts } from "./helpers";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  await simulatorFaults(request, "reset");
  await refreshNow(request);
});

test("shows every queue by name, the KPIs and the charts", async ({ page }) => {
  await page.goto("/");
  await waitForCharts(page, 3);
  await expect(page.getByRole("figure", { name: "Offered, answered and abandoned per queue" })).toBeVisible();
  await expect(page.getByRole("figure", { name: "Volume per bucket" })).toBeVisible();
  await expect(page.getByRole("figure", { name: "Service level per bucket" })).toBeVisible();
  for (const name of ["Sales", "Support Tier 1", "Billing", "Web Chat"]) {
    await expect(queueTable(page).getByRole("link", { name, exact: true })).toBeVisible();
  }
  // The per-queue bar chart names the queues too.
  await expect(
    page
      .getByTestId("chart-queue-volume")
      .locator("svg text")
      .filter({ hasText: /^Sales$/ }),
  ).toHaveCount(1);
  expect(await kpiNumber(page, "offered")).toBeGreaterThan(0);
  await expect(page.getByTestId("updated-ago")).toContainText(/updated/);
});

test("switching view and media type changes the numbers", async ({ page }) => {
  await page.goto("/");
  const day = await kpiNumber(page, "offered");
  await page.getByRole("navigation", { name: "Report view" }).getByRole("link", { name: "Last 7 days" }).click();
  await expect(page).toHaveURL(/view=last-7d/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Last 7 days/);
  await expect.poll(() => kpiNumber(page, "offered")).toBeGreaterThan(day);
  const week = await kpiNumber(page, "offered");

  await page.getByLabel("Media type").selectOption("voice");
  await expect(page).toHaveURL(/mediaType=voice/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Voice/);
  await expect.poll(() => kpiNumber(page, "offered")).toBeLessThan(week);
  await waitForCharts(page, 3);
});

test("drills down from a queue to its own series and numbers", async ({ page }) => {
  await page.goto("/");
  const row = queueTable(page)
    .locator("tbody tr")
    .filter({ has: page.getByRole("link", { name: "Sales", exact: true }) });
  const offered = Number((await row.locator("td").first().textContent())!.replace(/,/g, ""));
  await row.getByRole("link", { name: "Sales" }).click();
  await expect(page).toHaveURL(/\/queues\/[^/?]+/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Sales · Last 24 hours/);
  await waitForCharts(page, 3);
  expect(await kpiNumber(page, "offered")).toBe(offered);
  const buckets = page.getByRole("table", { name: "Buckets" }).locator("tbody tr");
  await expect(buckets).toHaveCount(24);
  await page.getByRole("link", { name: "All queues" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Queue report/);
});

test("an unknown queue is a clear not-found page", async ({ page }) => {
  const response = await page.goto("/queues/no-such-queue");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("queue-not-found")).toBeVisible();
});

test("the CSV download is exactly the table as shown (filtered and sorted)", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Filter queues").fill("support");
  await expect(page.getByTestId("queue-count")).toContainText("Showing 3 of");
  await queueTable(page).getByRole("button", { name: "Offered" }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^queues-last-24h-.*\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  const lines = csv.trimEnd().split("\r\n");

  const table = queueTable(page);
  const header = (await table.locator("thead th").allTextContents()).map((t) => t.replace(/[▲▼↕⇅]/g, "").trim());
  const shown = await table
    .locator("tbody tr, tfoot tr")
    .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll("th, td")).map((c) => (c.textContent ?? "").trim())));
  const unquote = (line: string) =>
    (line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).slice(0, -1).map((c) => c.replace(/,$/, "").replace(/^"|"$/g, "").replace(/""/g, '"'));
  expect(unquote(lines[0]!)).toEqual(header);
  expect(lines.slice(1).map(unquote)).toEqual(shown);
  expect(shown.slice(0, -1).every((r) => /support/i.test(r[0]!))).toBe(true);
  const offered = shown.slice(0, -1).map((r) => Number(r[1]!.replace(/,/g, "")));
  expect(offered).toEqual([...offered].sort((a, b) => b - a));
});

test("a failed refresh shows the stale warning while the last data stays on screen", async ({ page, request }) => {
  await page.goto("/");
  const before = await kpiNumber(page, "offered");
  await simulatorFaults(request, { errorRate: 1 });
  try {
    const failed = await request.get("/api/cron/refresh?force=1", {
      headers: { authorization: `Bearer ${(await import("./constants")).E2E_CRON_SECRET}` },
    });
    expect(failed.status()).toBe(503);
    await page.reload();
    const warning = page.getByTestId("stale-warning");
    await expect(warning).toBeVisible();
    await expect(page.getByTestId("stale-reason")).toContainText(/503|service.unavailable/);
    expect(await kpiNumber(page, "offered")).toBe(before);
    expect(await queueTable(page).locator("tbody tr").count()).toBeGreaterThanOrEqual(12);
    await waitForCharts(page, 3);
  } finally {
    await simulatorFaults(request, "reset");
  }
  // Once Genesys answers again, a refresh clears the warning.
  await refreshNow(request);
  await page.reload();
  await expect(page.getByTestId("stale-warning")).toHaveCount(0);
});
