import { expect, test } from "@playwright/test";

test.describe("the first page, on the built-in simulator", () => {
  test("shows the per-queue report for the default view, rendered on the server", async ({ browser }) => {
    // No JavaScript: whatever is on screen came from the server.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Queue report · Last 24 hours/);
    await expect(page.getByText(/Simulated data/)).toBeVisible();

    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBeGreaterThanOrEqual(12);
    // Real traffic: the all-queues row has offered conversations, and they add up per queue.
    const offered = await page.locator("tbody tr td:nth-child(2)").allTextContents();
    const total = Number(await page.locator("tfoot td").first().textContent());
    expect(total).toBeGreaterThan(0);
    expect(offered.map(Number).reduce((a, b) => a + b, 0)).toBe(total);
    await context.close();
  });
});
