/**
 * `npm run alerts -- --dry-run`: the rules replayed over past data, in time order, with the same
 * state machine the app runs, sending nothing. Over an interval: one aggregates query (buckets of
 * `step`, from a day before the interval so `last-24h` is whole at its start), and at the end of
 * every bucket the `today` and `last-24h` reports as the app would have had them then.
 */
import { Duration, type DateTime } from "luxon";
import type { ConversationAggregateQueryResponse, Queue } from "@/lib/genesys/schemas";
import type { QueueReport, QueueReportSource } from "@/lib/model/queue-report";
import { buildQueueReport } from "@/lib/reports/build";
import type { ReportWindow } from "@/lib/reports/views";
import { INITIAL_STATE, stepAlert, type AlertState } from "./machine";
import { observeRule, type AlertInputs } from "./observe";
import type { AlertRule } from "./rules";

export type ReplayedTransition = {
  at: string;
  state: "firing" | "resolved";
  ruleId: string;
  queueId: string;
  queueName: string;
  metric: string;
  value: number | null;
  op: "<" | ">";
  threshold: number;
};

/** Steps every rule through `moments` (oldest first) and answers the transitions it would have sent. */
export function replayAlerts(rules: readonly AlertRule[], moments: Iterable<{ at: Date; inputs: AlertInputs }>): ReplayedTransition[] {
  const states = new Map<string, AlertState>();
  const out: ReplayedTransition[] = [];
  for (const { at, inputs } of moments) {
    for (const rule of rules) {
      for (const queue of observeRule(rule, inputs)) {
        const key = `${rule.id}|${queue.queueId}`;
        const step = stepAlert(rule, states.get(key) ?? INITIAL_STATE, queue.seen, at);
        states.set(key, step.state);
        if (!step.fired && !step.resolved) continue;
        const { queueId, queueName } = queue;
        out.push({
          at: at.toISOString(),
          state: step.fired ? "firing" : "resolved",
          ruleId: rule.id,
          queueId,
          queueName,
          metric: rule.metric,
          value: step.state.value,
          op: rule.op,
          threshold: rule.threshold,
        });
      }
    }
  }
  return out;
}

export type IntervalData = {
  aggregates: ConversationAggregateQueryResponse;
  queues: Pick<Queue, "id" | "name">[];
  source: QueueReportSource;
  /** The replayed interval, and the bucket size of `aggregates` (which starts a day earlier). */
  start: DateTime;
  end: DateTime;
  step: string;
  timeZone: string;
};

/** At the end of each bucket of the interval: the `today` and `last-24h` reports as of then. */
export function* momentsOver(data: IntervalData): Generator<{ at: Date; inputs: AlertInputs }> {
  const step = Duration.fromISO(data.step);
  const report = (window: ReportWindow): QueueReport =>
    buildQueueReport({ window, aggregates: data.aggregates, queues: data.queues, source: data.source, generatedAt: window.end.toJSDate() });
  for (let t = data.start.plus(step); t <= data.end; t = t.plus(step)) {
    const local = t.setZone(data.timeZone);
    const midnight = local.startOf("day");
    const today = midnight.equals(local)
      ? null
      : report({ view: "today", start: midnight, end: local, granularity: data.step, timeZone: data.timeZone });
    const last24h = report({
      view: "last-24h",
      start: local.minus({ hours: 24 }),
      end: local,
      granularity: data.step,
      timeZone: data.timeZone,
    });
    yield { at: t.toJSDate(), inputs: { today, "last-24h": last24h } };
  }
}
