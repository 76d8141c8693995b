/**
 * Alerts as a person meets them: after a refresh the rule fires for its queue; /alerts lists it
 * with its delivery; the dashboard and the wallboard mark the queue; the receiver got it once, signed.
 */
import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import { E2E_RECEIVER_PORT, E2E_WEBHOOK_SECRET } from "./constants";
import { queueTable, refreshNow } from "./helpers";

type Received = { headers: Record<string, string>; body: string };

test("a firing rule is listed on /alerts, marked on the dashboard and the wallboard, and delivered once, signed", async ({
  page,
  request,
}) => {
  await refreshNow(request);
  await refreshNow(request); // a second refresh: still firing, nothing sent again

  const received = (await (await request.get(`http://127.0.0.1:${E2E_RECEIVER_PORT}/received`)).json()) as Received[];
  const firing = received.filter((r) => JSON.parse(r.body).ruleId === "e2e-collections-busy");
  expect(firing).toHaveLength(1);
  const signature = `sha256=${createHmac("sha256", E2E_WEBHOOK_SECRET).update(firing[0]!.body).digest("hex")}`;
  expect(firing[0]!.headers["x-alert-signature"]).toBe(signature);
  expect(JSON.parse(firing[0]!.body)).toMatchObject({
    state: "firing",
    queueName: "Collections",
    metric: "offered",
    op: ">",
    threshold: 0,
  });

  await page.goto("/alerts");
  await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
  const now = page.getByRole("table", { name: "Firing now" });
  await expect(now.getByRole("row", { name: /Collections/ })).toContainText("e2e-collections-busy");
  await expect(page.getByRole("table", { name: /transitions/ })).toContainText("webhook: delivered");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
  await expect(
    queueTable(page)
      .getByRole("rowheader", { name: /Collections/ })
      .getByRole("link", { name: /1 alert/ }),
  ).toBeVisible();

  await page.goto("/live");
  await expect(page.locator('[data-testid="live-tile"]', { hasText: "Collections" }).getByRole("link", { name: /1 alert/ })).toBeVisible();
});
