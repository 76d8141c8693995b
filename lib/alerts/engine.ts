/**
 * Evaluating the rules and sending each transition once per deployment, however many instances
 * evaluate the same snapshot: the states live in the store and are read, stepped and written under
 * the store's lock; every transition is recorded with its id, deliveries pending, before anything
 * is sent. An instance that dies between recording and sending leaves pending deliveries that the
 * next evaluation sends, under the same id (receivers dedupe by it): a transition is never made
 * twice, and at worst delivered twice with one id.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { SnapshotStore } from "@/lib/store";
import { deliver, type DeliveryOptions, type Destination } from "./deliver";
import { INITIAL_STATE, stepAlert, type AlertState } from "./machine";
import { observeRule, type AlertInputs } from "./observe";
import type { AlertRule } from "./rules";
import { recordedTransitionSchema, type AlertTransition, type Delivery, type RecordedTransition } from "./transition";

const STATES_KEY = "alerts.states";
const RECENT_KEY = "alerts.recent";
const LOCK = "alerts";
const LOCK_TTL_MS = 30_000;
const KEEP_MS = 30 * 24 * 60 * 60 * 1000;
export const RECENT_TRANSITIONS = 100;
/** A delivery still pending this long after its transition was recorded lost its sender. */
const ORPHANED_AFTER_MS = 2 * 60_000;

const storedState = z.object({
  status: z.enum(["ok", "pending", "firing"]),
  since: z.string(),
  value: z.number().nullable(),
  ruleId: z.string(),
  queueId: z.string(),
  queueName: z.string(),
});
type StoredState = z.infer<typeof storedState>;
const statesSchema = z.record(z.string(), storedState);
const recentSchema = z.array(recordedTransitionSchema);

export type AlertEngine = {
  store: SnapshotStore;
  rules: readonly AlertRule[];
  destinations: readonly Destination[];
  /** The link sent with a transition: the queue's drill-down. */
  queueUrl: (queueId: string) => string;
  delivery?: DeliveryOptions;
  logger?: Pick<Console, "warn">;
};

export async function readAlertStates(store: SnapshotStore): Promise<Record<string, StoredState>> {
  return (await store.readCache(STATES_KEY, statesSchema)) ?? {};
}

export async function readRecentTransitions(store: SnapshotStore): Promise<RecordedTransition[]> {
  return (await store.readCache(RECENT_KEY, recentSchema)) ?? [];
}

/** Runs `fn` under the alerts lock, waiting a little for another instance's evaluation to finish. */
async function underLock<T>(store: SnapshotStore, fn: () => Promise<T>): Promise<T | null> {
  for (let tries = 0; tries < 50; tries++) {
    const result = await store.withLock(LOCK, LOCK_TTL_MS, fn);
    if (result.acquired) return result.value;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

function transitionOf(
  rule: AlertRule,
  queue: { queueId: string; queueName: string },
  state: AlertState,
  engine: AlertEngine,
): AlertTransition {
  return {
    id: randomUUID(),
    ruleId: rule.id,
    state: state.status === "firing" ? "firing" : "resolved",
    queueId: queue.queueId,
    queueName: queue.queueName,
    metric: rule.metric,
    value: state.value,
    threshold: rule.threshold,
    op: rule.op,
    at: state.since,
    url: engine.queueUrl(queue.queueId),
  };
}

/** Steps every rule for every queue it names; the new states and the transitions they make. */
function stepAll(engine: AlertEngine, states: Record<string, StoredState>, inputs: AlertInputs, now: Date): AlertTransition[] {
  const transitions: AlertTransition[] = [];
  for (const rule of engine.rules) {
    for (const queue of observeRule(rule, inputs)) {
      const key = `${rule.id}|${queue.queueId}`;
      const step = stepAlert(rule, states[key] ?? INITIAL_STATE, queue.seen, now);
      // Only what is not "ok" is kept: the states stay as small as what is happening.
      if (step.state.status === "ok") delete states[key];
      else states[key] = { ...step.state, ruleId: rule.id, queueId: queue.queueId, queueName: queue.queueName };
      if (step.fired || step.resolved) transitions.push(transitionOf(rule, queue, step.state, engine));
    }
  }
  return transitions;
}

/**
 * Evaluates the rules on the latest inputs at `now`, records the transitions and sends them.
 * Answers the transitions this call made (another instance's are its own to send).
 */
export async function evaluateAlerts(engine: AlertEngine, inputs: AlertInputs, now = new Date()): Promise<RecordedTransition[]> {
  if (engine.rules.length === 0) return [];
  const recorded = await underLock(engine.store, async () => {
    const states = await readAlertStates(engine.store);
    const made = stepAll(engine, states, inputs, now).map((t) => ({
      ...t,
      deliveries: engine.destinations.map((d): Delivery => ({ destination: d.kind, status: "pending", attempts: 0 })),
    }));
    const recent = await readRecentTransitions(engine.store);
    const orphaned = claimOrphans(recent, now);
    await engine.store.writeCache(STATES_KEY, states, KEEP_MS);
    await engine.store.writeCache(RECENT_KEY, [...[...made].reverse(), ...recent].slice(0, RECENT_TRANSITIONS), KEEP_MS);
    return { made, orphaned };
  });
  if (!recorded) {
    engine.logger?.warn("[alerts] another instance held the alerts lock for too long: this evaluation is skipped");
    return [];
  }
  await sendAll(engine, [...recorded.made, ...recorded.orphaned]);
  return recorded.made;
}

/**
 * Transitions whose sender died before finishing: claimed (their pending deliveries stamped with
 * now, under the lock) so that one instance alone sends them again.
 */
function claimOrphans(recent: RecordedTransition[], now: Date): RecordedTransition[] {
  const orphaned = recent.filter((t) =>
    t.deliveries.some((d) => d.status === "pending" && now.getTime() - Date.parse(d.at ?? t.at) > ORPHANED_AFTER_MS),
  );
  for (const t of orphaned) t.deliveries = t.deliveries.map((d) => (d.status === "pending" ? { ...d, at: now.toISOString() } : d));
  return orphaned;
}

async function sendAll(engine: AlertEngine, transitions: RecordedTransition[]): Promise<void> {
  await Promise.all(
    transitions.map(async (transition) => {
      const results = await Promise.all(
        engine.destinations
          .filter((d) => transition.deliveries.find((x) => x.destination === d.kind)?.status === "pending")
          .map((d) => deliver(d, transition, engine.delivery)),
      );
      for (const r of results)
        if (r.status === "failed") engine.logger?.warn(`[alerts] ${transition.id} not delivered to ${r.destination}: ${r.error}`);
      await recordDeliveries(engine.store, transition.id, results);
    }),
  );
}

async function recordDeliveries(store: SnapshotStore, id: string, results: Delivery[]): Promise<void> {
  await underLock(store, async () => {
    const recent = await readRecentTransitions(store);
    const entry = recent.find((t) => t.id === id);
    if (!entry) return;
    entry.deliveries = entry.deliveries.map((d) => results.find((r) => r.destination === d.destination) ?? d);
    await store.writeCache(RECENT_KEY, recent, KEEP_MS);
  });
}
