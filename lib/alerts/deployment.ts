import "server-only";
/**
 * This deployment's alerts: the rules from ALERT_RULES (read once; a bad file stops the app at
 * start-up), the destinations from ALERT_*_URL, and evaluation after every scheduled refresh and
 * every live snapshot. On a long-running host every instance listens to the store's channels and
 * the store's lock makes each transition once; on Vercel the cron route evaluates after its refresh
 * and the live route after a refresh it triggered.
 */
import { getConfig } from "@/lib/config/env";
import { LIVE_CHANNEL, readObservedState, refreshIfDue } from "@/lib/live/live-snapshots";
import { liveObserver, liveSnapshotOf } from "@/lib/live/deployment";
import { REFRESH_CHANNEL } from "@/lib/reports/scheduled-refresh";
import { readSnapshot } from "@/lib/reports/stored-snapshots";
import { processSingleton } from "@/lib/server/singleton";
import { getSnapshotStore } from "@/lib/server/store";
import type { Destination } from "./deliver";
import { evaluateAlerts, readAlertStates, readRecentTransitions, type AlertEngine } from "./engine";
import type { AlertInputs } from "./observe";
import { loadAlertRules, type AlertRule } from "./rules";
import type { RecordedTransition } from "./transition";

export function alertRules(): readonly AlertRule[] {
  return processSingleton("alert-rules", () => loadAlertRules(getConfig().alerts.rulesFile));
}

function destinations(): Destination[] {
  const { webhookUrl, webhookSecret, slackWebhookUrl, teamsWebhookUrl } = getConfig().alerts;
  return [
    ...(webhookUrl ? [{ kind: "webhook" as const, url: webhookUrl, ...(webhookSecret ? { secret: webhookSecret } : {}) }] : []),
    ...(slackWebhookUrl ? [{ kind: "slack" as const, url: slackWebhookUrl }] : []),
    ...(teamsWebhookUrl ? [{ kind: "teams" as const, url: teamsWebhookUrl }] : []),
  ];
}

/** The public address of a queue's page: AUTH_URL's origin, else Vercel's, else the path alone. */
export function queueUrl(queueId: string): string {
  const config = getConfig();
  const origin = config.authUrl ? new URL(config.authUrl).origin : process.env.VERCEL_URL ? `https://${process.env.VERCEL_URL}` : "";
  return `${origin}/queues/${encodeURIComponent(queueId)}`;
}

export function alertEngine(): AlertEngine {
  return { store: getSnapshotStore(), rules: alertRules(), destinations: destinations(), queueUrl, logger: console };
}

/** The latest data of every source the rules use. */
export async function alertInputs(rules: readonly AlertRule[]): Promise<AlertInputs> {
  const uses = new Set(rules.map((r) => r.source));
  const live = uses.has("live") ? await readObservedState(getSnapshotStore()) : null;
  return {
    ...(uses.has("today") ? { today: await readSnapshot("today") } : {}),
    ...(uses.has("last-24h") ? { "last-24h": await readSnapshot("last-24h") } : {}),
    ...(live ? { live: await liveSnapshotOf(live, { visible: null }) } : {}),
  };
}

/** One evaluation at a time per process: evaluations triggered meanwhile collapse into the next. */
export function evaluateAlertsNow(): Promise<RecordedTransition[]> {
  const slot = processSingleton("alert-evaluation", () => ({ running: null as Promise<RecordedTransition[]> | null, again: false }));
  if (slot.running) {
    slot.again = true;
    return slot.running;
  }
  const run = async (): Promise<RecordedTransition[]> => {
    const made: RecordedTransition[] = [];
    do {
      slot.again = false;
      const engine = alertEngine();
      if (engine.rules.length === 0) break;
      made.push(...(await evaluateAlerts(engine, await alertInputs(engine.rules))));
    } while (slot.again);
    return made;
  };
  slot.running = run()
    .catch((error: unknown) => {
      console.warn(`[alerts] evaluation failed: ${(error as Error).message}`);
      return [];
    })
    .finally(() => (slot.running = null));
  return slot.running;
}

/** Listens for new snapshots (every instance; the lock makes each transition once). */
export function startAlerts(): void {
  if (alertRules().length === 0) return;
  processSingleton("alert-listener", () => {
    const store = getSnapshotStore();
    const evaluate = () => void evaluateAlertsNow();
    void store.subscribe(REFRESH_CHANNEL, evaluate).catch(() => undefined);
    if (alertRules().some((r) => r.source === "live")) {
      void store.subscribe(LIVE_CHANNEL, evaluate).catch(() => undefined);
      // Live rules need live state even when nobody watches the wallboard: keep the deployment's
      // one observer going (the store's lock makes it one query per period across instances).
      const timer = setInterval(() => void refreshIfDue(liveObserver()).catch(() => undefined), getConfig().live.pollSeconds * 1000);
      timer.unref?.();
    }
    return true;
  });
}

export type ActiveAlert = {
  ruleId: string;
  queueId: string;
  queueName: string;
  metric: string;
  op: "<" | ">";
  threshold: number;
  value: number | null;
  since: string;
};

/**
 * `GET /api/alerts`: the rules, what is firing now and since when, and the last 100 transitions
 * with each destination's delivery; with `visible` (signed-in mode) only those queues' alerts.
 */
export async function alertsOverview(visible: ReadonlySet<string> | null) {
  const store = getSnapshotStore();
  const rules = alertRules();
  const byId = new Map(rules.map((r) => [r.id, r]));
  const [states, recent] = await Promise.all([readAlertStates(store), readRecentTransitions(store)]);
  const shown = (queueId: string) => !visible || visible.has(queueId);
  const active: ActiveAlert[] = Object.values(states)
    .filter((s) => s.status === "firing" && byId.has(s.ruleId) && shown(s.queueId))
    .map((s) => {
      const rule = byId.get(s.ruleId)!;
      return {
        ruleId: s.ruleId,
        queueId: s.queueId,
        queueName: s.queueName,
        metric: rule.metric,
        op: rule.op,
        threshold: rule.threshold,
        value: s.value,
        since: s.since,
      };
    })
    .sort((a, b) => a.since.localeCompare(b.since));
  return {
    rules: rules.map(({ forMs: _forMs, ...rule }) => rule),
    destinations: destinations().map((d) => d.kind),
    active,
    recent: recent.filter((t) => shown(t.queueId)),
  };
}
