/**
 * What each rule sees: for every queue it names, the metric's value and the traffic behind it, from
 * the latest `today` or `last-24h` snapshot or from the live snapshot.
 */
import type { LiveQueue, LiveSnapshot } from "@/lib/model/live-snapshot";
import type { QueueMetrics, QueueReport } from "@/lib/model/queue-report";
import type { Observation } from "./machine";
import type { AlertRule } from "./rules";

export type AlertInputs = { today?: QueueReport | null; "last-24h"?: QueueReport | null; live?: LiveSnapshot | null };

export type ObservedQueue = { queueId: string; queueName: string; seen: Observation };

function reportValue(metric: AlertRule["metric"], m: QueueMetrics | null): Observation {
  if (!m) return { value: null, offered: null };
  const value = metric in m ? (m[metric as keyof QueueMetrics] as number | null) : null;
  return { value, offered: m.offered };
}

function liveValue(metric: AlertRule["metric"], q: LiveQueue): Observation {
  const offered = q.today?.offered ?? null;
  switch (metric) {
    case "waiting":
      return { value: q.waiting, offered };
    case "longestWaitingSeconds":
      // Nobody waiting: the longest wait is zero, which clears a firing wait alert.
      return { value: q.longestWaitingSeconds ?? 0, offered };
    case "onQueueAgents":
      return { value: q.agents.onQueue, offered };
    default:
      return reportValue(metric, q.today);
  }
}

/** Whether a rule's `queue` ("*", an id or a name, case-insensitive) names this queue. */
function names(rule: AlertRule, queueId: string, name: string): boolean {
  return rule.queue === "*" || rule.queue === queueId || rule.queue.toLowerCase() === name.toLowerCase();
}

export function observeRule(rule: AlertRule, inputs: AlertInputs): ObservedQueue[] {
  if (rule.source === "live") {
    const live = inputs.live;
    if (!live || live.stale) return []; // stale numbers are the last known, not now: no decision on them
    return live.queues
      .filter((q) => names(rule, q.queueId, q.name))
      .map((q) => ({ queueId: q.queueId, queueName: q.name, seen: liveValue(rule.metric, q) }));
  }
  const report = inputs[rule.source];
  if (!report) return [];
  return report.queues
    .filter((q) => names(rule, q.queueId, q.name))
    .map((q) => ({ queueId: q.queueId, queueName: q.name, seen: reportValue(rule.metric, q.totals) }));
}
