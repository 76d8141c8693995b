import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { evaluateAlerts, readAlertStates, readRecentTransitions, type AlertEngine } from "@/lib/alerts/engine";
import { parseAlertRules } from "@/lib/alerts/rules";
import type { QueueReport } from "@/lib/model/queue-report";
import { FileSnapshotStore, RedisSnapshotStore, createRedisClient, type SnapshotStore } from "@/lib/store";
import { startRedisServer, type TestRedis } from "../support/redis-server";
import { startWebhookReceiver } from "../support/webhook-receiver";
import { report } from "../store/snapshot-store-contract";

const rules = parseAlertRules(
  JSON.stringify({
    rules: [{ id: "sl", queue: "Sales", metric: "serviceLevel", source: "today", op: "<", threshold: 0.8, minOffered: 10 }],
  }),
);

function today(serviceLevel: number): QueueReport {
  const r = report("today", "2026-11-26T12:00:00.000Z", 50);
  r.queues[0]!.totals = { ...r.queues[0]!.totals, serviceLevel };
  return r;
}

let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const dirs: string[] = [];
beforeAll(async () => (receiver = await startWebhookReceiver()));
afterEach(() => void receiver.received.splice(0));
afterAll(async () => {
  await receiver.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function engine(store: SnapshotStore): AlertEngine {
  return {
    store,
    rules,
    destinations: [{ kind: "webhook", url: receiver.url, secret: "a-webhook-secret-of-decent-length" }],
    queueUrl: (id) => `https://dashboard.example/queues/${id}`,
    delivery: { sleep: async () => {} },
  };
}

async function fileStore(): Promise<FileSnapshotStore> {
  const dir = await mkdtemp(path.join(tmpdir(), "alerts-"));
  dirs.push(dir);
  return new FileSnapshotStore(dir);
}

describe("evaluating alerts", () => {
  it("sends a transition once, records it with its delivery, and resolves it later", async () => {
    const store = await fileStore();
    const fired = await evaluateAlerts(engine(store), { today: today(0.6) }, new Date("2026-11-26T12:00:00Z"));
    expect(fired.map((t) => [t.ruleId, t.state, t.queueName, t.value])).toEqual([["sl", "firing", "Sales", 0.6]]);
    expect(await evaluateAlerts(engine(store), { today: today(0.62) }, new Date("2026-11-26T12:05:00Z"))).toEqual([]);
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({
      id: fired[0]!.id,
      state: "firing",
      url: "https://dashboard.example/queues/q1",
    });

    const [recorded] = await readRecentTransitions(store);
    expect(recorded).toMatchObject({ id: fired[0]!.id, deliveries: [{ destination: "webhook", status: "delivered", attempts: 1 }] });
    expect(Object.values(await readAlertStates(store))).toMatchObject([{ status: "firing", ruleId: "sl", queueName: "Sales" }]);

    const resolved = await evaluateAlerts(engine(store), { today: today(0.9) }, new Date("2026-11-26T12:10:00Z"));
    expect(resolved.map((t) => t.state)).toEqual(["resolved"]);
    expect(Object.keys(await readAlertStates(store))).toEqual([]);
    expect((await readRecentTransitions(store)).map((t) => t.state)).toEqual(["resolved", "firing"]);
  });

  it("records a failed delivery and shows why", async () => {
    const store = await fileStore();
    const broken = {
      ...engine(store),
      destinations: [{ kind: "slack" as const, url: "http://127.0.0.1:9/closed" }],
      delivery: { sleep: async () => {}, attempts: 2 },
    };
    await evaluateAlerts(broken, { today: today(0.5) });
    const [recorded] = await readRecentTransitions(store);
    expect(recorded!.deliveries[0]).toMatchObject({ destination: "slack", status: "failed", attempts: 2 });
    expect(recorded!.deliveries[0]!.error).toMatch(/network error/);
  });
});

describe("two instances sharing a real redis-server", () => {
  let redis: TestRedis;
  const stores: RedisSnapshotStore[] = [];
  beforeAll(async () => (redis = await startRedisServer()));
  afterAll(async () => {
    for (const s of stores) s.disconnect();
    await redis.stop();
  });

  it("send each transition exactly once, whichever evaluates first", async () => {
    const prefix = `alerts-${Date.now()}:`;
    const [a, b] = [0, 1].map(() => {
      const store = new RedisSnapshotStore(createRedisClient(redis.url, { warn: () => {} }), { prefix });
      stores.push(store);
      return store;
    });
    const inputs = { today: today(0.55) };
    const made = await Promise.all([
      evaluateAlerts(engine(a!), inputs),
      evaluateAlerts(engine(b!), inputs),
      evaluateAlerts(engine(a!), inputs),
      evaluateAlerts(engine(b!), inputs),
    ]);
    expect(made.flat()).toHaveLength(1);
    expect(receiver.received).toHaveLength(1);
    // A restart (a new connection) remembers: still firing, nothing new.
    const restarted = new RedisSnapshotStore(createRedisClient(redis.url, { warn: () => {} }), { prefix });
    stores.push(restarted);
    expect(await evaluateAlerts(engine(restarted), inputs)).toEqual([]);
    expect(receiver.received).toHaveLength(1);
  });
});
