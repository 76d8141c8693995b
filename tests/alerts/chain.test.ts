/**
 * The whole chain on the simulator: a surge makes Sales misbehave; the deployment's live observer
 * sees its queue grow; the rule goes pending, then fires after its `for`; the transition reaches a
 * local webhook receiver, signed; when the surge is over and the queue drains, it resolves.
 */
import { createHmac } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { evaluateAlerts, readAlertStates } from "@/lib/alerts/engine";
import { parseAlertRules } from "@/lib/alerts/rules";
import { createGenesysClient } from "@/lib/genesys";
import { refreshIfDue, type LiveObserver } from "@/lib/live/live-snapshots";
import { renderLiveSnapshot } from "@/lib/live/render";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, createSimulator } from "@/lib/sim";
import { FileSnapshotStore } from "@/lib/store";
import { SIM_BASE, SIM_TEST_NOW, simFetch } from "../genesys/sim-client";
import { startWebhookReceiver } from "../support/webhook-receiver";

const MINUTE = 60_000;
const SECRET = "a-webhook-secret-of-decent-length";
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe("alerts, rule to delivery", () => {
  it("fires when a surge grows the queue past the threshold for `for`, delivers once, signed, and resolves after", async () => {
    let now = SIM_TEST_NOW;
    const sim = createSimulator({ now: () => now });
    const sales = sim.org.queues.find((q) => q.name === "Sales")!;
    const client = createGenesysClient({
      loginUrl: SIM_BASE,
      apiUrl: SIM_BASE,
      credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
      fetch: simFetch(sim),
    });
    const dir = await mkdtemp(path.join(tmpdir(), "alerts-chain-"));
    dirs.push(dir);
    const store = new FileSnapshotStore(dir);
    const receiver = await startWebhookReceiver();
    const rules = parseAlertRules(
      JSON.stringify({
        rules: [{ id: "sales-queue", queue: "Sales", metric: "waiting", source: "live", op: ">", threshold: 3, for: "PT2M" }],
      }),
    );
    const engine = {
      store,
      rules,
      destinations: [{ kind: "webhook" as const, url: receiver.url, secret: SECRET }],
      queueUrl: (id: string) => `https://dashboard.example/queues/${id}`,
      delivery: { sleep: async () => {} },
    };
    const observer: LiveObserver = {
      store,
      client,
      source: { mode: "simulator", environment: "simulator" },
      listQueues: () => client.listRoutingQueues(),
      pollSeconds: 10,
      now: () => now,
    };
    /** One live snapshot at the simulator's `now`, and the rules evaluated on it. */
    const tick = async () => {
      const state = (await refreshIfDue(observer))!;
      const live = renderLiveSnapshot(state, { visible: null }, null, now, 10);
      const made = await evaluateAlerts(engine, { live }, new Date(now));
      return { waiting: live.queues.find((q) => q.queueId === sales.id)!.waiting, made };
    };

    try {
      const calm = await tick();
      expect(calm.waiting).toBeLessThanOrEqual(3);
      expect(calm.made).toEqual([]);

      sim.faults.set({ surge: { queueId: sales.id, factor: 8, minutes: 30 } });
      const seen: { minute: number; waiting: number; states: string[] }[] = [];
      for (let minute = 1; minute <= 30; minute++) {
        now = SIM_TEST_NOW + minute * MINUTE;
        const { waiting, made } = await tick();
        seen.push({ minute, waiting, states: made.map((t) => t.state) });
      }
      const firedAt = seen.find((s) => s.states.includes("firing"));
      expect(firedAt, JSON.stringify(seen)).toBeDefined();
      // It fired only after the queue had stayed over the threshold for the rule's 2 minutes.
      const over = seen.filter((s) => s.waiting > 3 && s.minute <= firedAt!.minute).map((s) => s.minute);
      expect(firedAt!.minute - over[0]!).toBeGreaterThanOrEqual(2);
      expect(seen.flatMap((s) => s.states).filter((s) => s === "firing")).toHaveLength(1);

      expect(receiver.received).toHaveLength(1);
      const [hook] = receiver.received;
      expect(hook!.headers["x-alert-signature"]).toBe(`sha256=${createHmac("sha256", SECRET).update(hook!.body).digest("hex")}`);
      expect(JSON.parse(hook!.body)).toMatchObject({
        ruleId: "sales-queue",
        state: "firing",
        queueName: "Sales",
        metric: "waiting",
        op: ">",
        threshold: 3,
      });

      // The surge ends; the queue drains below the threshold less the hysteresis; the alert resolves, once.
      sim.faults.set({ surge: null });
      let resolvedAt: number | null = null;
      for (let minute = 31; minute <= 120 && resolvedAt === null; minute++) {
        now = SIM_TEST_NOW + minute * MINUTE;
        if ((await tick()).made.some((t) => t.state === "resolved")) resolvedAt = minute;
      }
      expect(resolvedAt).not.toBeNull();
      expect(receiver.received.map((r) => JSON.parse(r.body).state)).toEqual(["firing", "resolved"]);
      expect(await readAlertStates(store)).toEqual({});
    } finally {
      await receiver.close();
      store.close();
    }
  }, 120_000);
});
