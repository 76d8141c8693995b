import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freshApp, get } from "./helpers";
import { startWebhookReceiver } from "../../support/webhook-receiver";

const SECRET = "a-cron-secret-of-decent-length";
let app: Awaited<ReturnType<typeof freshApp>> | undefined;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
afterEach(async () => {
  await app?.cleanup();
  await receiver?.close();
  app = undefined;
});

async function withRules(rules: unknown[]) {
  receiver = await startWebhookReceiver();
  const dir = await mkdtemp(path.join(tmpdir(), "alert-rules-"));
  const file = path.join(dir, "alerts.json");
  await writeFile(file, JSON.stringify({ rules }));
  app = await freshApp({ CRON_SECRET: SECRET, ALERT_RULES: file, ALERT_WEBHOOK_URL: `${receiver.url}/hook` });
  return {
    cron: (await import("@/app/api/cron/refresh/route")).GET,
    alerts: (await import("@/app/api/alerts/route")).GET,
  };
}

describe("alerts after a scheduled refresh", () => {
  it("fires once per queue over the threshold, sends each to the webhook, and lists them", async () => {
    const { cron, alerts } = await withRules([{ id: "busy", metric: "offered", source: "last-24h", op: ">", threshold: 0 }]);
    expect((await cron(get("/api/cron/refresh", { authorization: `Bearer ${SECRET}` }))).status).toBe(200);
    const overview = await (await alerts(get("/api/alerts"))).json();
    expect(overview.rules).toEqual([expect.objectContaining({ id: "busy", for: "PT0S" })]);
    expect(overview.destinations).toEqual(["webhook"]);
    expect(overview.active.length).toBeGreaterThan(3);
    expect(overview.active.every((a: { ruleId: string; value: number }) => a.ruleId === "busy" && a.value > 0)).toBe(true);
    expect(receiver!.received).toHaveLength(overview.active.length);
    expect(overview.recent[0].deliveries).toEqual([expect.objectContaining({ destination: "webhook", status: "delivered" })]);

    // Another refresh: the same alerts still fire, nothing is sent again.
    await cron(get("/api/cron/refresh?force=1", { authorization: `Bearer ${SECRET}` }));
    expect(receiver!.received).toHaveLength(overview.active.length);
  });

  it("answers 400 for parameters it does not take", async () => {
    const { alerts } = await withRules([]);
    const response = await alerts(get("/api/alerts?x=1"));
    expect(response.status).toBe(400);
  });
});
