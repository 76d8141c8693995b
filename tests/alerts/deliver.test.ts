import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { deliver } from "@/lib/alerts/deliver";
import type { AlertTransition } from "@/lib/alerts/transition";
import { startWebhookReceiver, type Answer } from "../support/webhook-receiver";

const transition: AlertTransition = {
  id: "6f1c0a52-4d1e-4a8e-9b8a-3f0e2c1d5b7a",
  ruleId: "sl-sales",
  state: "firing",
  queueId: "q-sales",
  queueName: "Sales",
  metric: "serviceLevel",
  value: 0.62,
  threshold: 0.8,
  op: "<",
  at: "2026-11-26T14:05:00.000Z",
  url: "https://dashboard.example/queues/q-sales",
};
const SECRET = "a-webhook-secret-of-decent-length";
const fast = { sleep: async () => {}, backoffMs: 1 };

let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
afterEach(async () => receiver?.close());
const receive = async (script?: (n: number) => Answer) => (receiver = await startWebhookReceiver(script && ((n) => script(n))));

describe("the generic webhook", () => {
  it("posts the documented webhook body (README, Alerts), signed with HMAC-SHA256 of the raw body", async () => {
    const r = await receive();
    const result = await deliver({ kind: "webhook", url: `${r.url}/hook`, secret: SECRET }, transition, fast);
    expect(result).toMatchObject({ destination: "webhook", status: "delivered", attempts: 1 });
    const [got] = r.received;
    expect(JSON.parse(got!.body)).toEqual(transition);
    expect(Object.keys(JSON.parse(got!.body))).toEqual([
      "id",
      "ruleId",
      "state",
      "queueId",
      "queueName",
      "metric",
      "value",
      "threshold",
      "op",
      "at",
      "url",
    ]);
    const expected = `sha256=${createHmac("sha256", SECRET).update(got!.body).digest("hex")}`;
    expect(got!.headers["x-alert-signature"]).toBe(expected);
    expect(got!.headers["content-type"]).toBe("application/json");
  });

  it("sends no signature without a secret", async () => {
    const r = await receive();
    await deliver({ kind: "webhook", url: r.url }, transition, fast);
    expect(r.received[0]!.headers["x-alert-signature"]).toBeUndefined();
  });

  it("retries 5xx answers with backoff, and waits for Retry-After on 429", async () => {
    const r = await receive((n) =>
      n === 1 ? { status: 503 } : n === 2 ? { status: 429, headers: { "Retry-After": "1" } } : { status: 204 },
    );
    const waits: number[] = [];
    const result = await deliver({ kind: "webhook", url: r.url }, transition, {
      sleep: async (ms) => void waits.push(ms),
      backoffMs: 100,
      random: () => 1,
    });
    expect(result).toMatchObject({ status: "delivered", attempts: 3 });
    expect(waits).toEqual([100, 1000]);
    expect(new Set(r.received.map((x) => JSON.parse(x.body).id)).size).toBe(1); // the same transition each time
  });

  it("gives up after the last attempt and says why, without the URL", async () => {
    const r = await receive(() => ({ status: 500 }));
    const result = await deliver({ kind: "webhook", url: r.url }, transition, { ...fast, attempts: 3 });
    expect(result).toMatchObject({ status: "failed", attempts: 3 });
    expect(result.error).toMatch(/HTTP 500, after 3 attempts/);
    expect(result.error).not.toContain("127.0.0.1");
    expect(r.received).toHaveLength(3);
  });

  it("does not retry a 4xx, follows no redirect, and times out a silent receiver", async () => {
    const r = await receive((n) =>
      n === 1
        ? { status: 400 }
        : n === 2
          ? { status: 302, headers: { Location: "https://elsewhere.example/" } }
          : { status: 200, delayMs: 500 },
    );
    expect(await deliver({ kind: "webhook", url: r.url }, transition, fast)).toMatchObject({
      status: "failed",
      attempts: 1,
      error: "HTTP 400",
    });
    expect((await deliver({ kind: "webhook", url: r.url }, transition, fast)).error).toMatch(/302 \(redirects are not followed\)/);
    const slow = await deliver({ kind: "webhook", url: r.url }, transition, { ...fast, attempts: 2, timeoutMs: 100 });
    expect(slow).toMatchObject({ status: "failed", attempts: 2 });
    expect(slow.error).toMatch(/no answer within/);
  });
});

describe("Slack and Teams", () => {
  it("sends Slack an incoming-webhook message: fallback text and Block Kit blocks with the link", async () => {
    const r = await receive();
    await deliver({ kind: "slack", url: r.url }, transition, fast);
    const message = JSON.parse(r.received[0]!.body);
    expect(message.text).toBe("Alert: Sales: Service level 62.0 % (< 80.0 %) since 14:05 UTC");
    expect(message.blocks.map((b: { type: string }) => b.type)).toEqual(["section", "context"]);
    expect(message.blocks[0].text).toMatchObject({ type: "mrkdwn" });
    expect(message.blocks[0].text.text).toContain("<https://dashboard.example/queues/q-sales|Open the queue>");
  });

  it("sends Teams a workflow message with an Adaptive Card 1.4", async () => {
    const r = await receive();
    await deliver({ kind: "teams", url: r.url }, { ...transition, state: "resolved", value: 0.86 }, fast);
    const message = JSON.parse(r.received[0]!.body);
    expect(message.type).toBe("message");
    expect(message.attachments).toHaveLength(1);
    const [attachment] = message.attachments;
    expect(attachment.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(attachment.content).toMatchObject({
      type: "AdaptiveCard",
      version: "1.4",
      $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    });
    expect(attachment.content.body[0]).toMatchObject({ type: "TextBlock", text: "Resolved", color: "Good" });
    expect(attachment.content.body[1].text).toBe("Sales: Service level back to 86.0 % (alert was < 80.0 %) at 14:05 UTC");
    expect(attachment.content.actions[0]).toMatchObject({ type: "Action.OpenUrl", url: transition.url });
  });
});
