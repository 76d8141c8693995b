/**
 * Metric derivation. Genesys answers sums and counts per bucket; every ratio and average in a
 * report is a ratio of sums over the buckets and queues it covers (never an average of
 * averages), and is `null` when its denominator is 0. Metrics Genesys omits (sparse answers)
 * count as zero.
 */
import { z } from "zod";
import type { AggregateMetric, StatisticalSummary } from "@/lib/genesys/schemas";
import type { QueueMetrics } from "@/lib/model/queue-report";

/** The metrics a queue report asks for: one aggregates query fetches all of them. */
export const REPORT_METRICS = [
  "nOffered",
  "tAnswered",
  "tAbandon",
  "tFlowOut",
  "nTransferred",
  "tHandle",
  "tTalk",
  "tHeld",
  "tAcw",
  "oServiceLevel",
] as const satisfies readonly AggregateMetric[];

type CountAndSum = { count: number; sum: number };

/** The additive raw material of `QueueMetrics`. */
export type MetricSums = {
  offered: number;
  answered: CountAndSum; // tAnswered: count = answered, sum = time to answer (ms)
  abandoned: number;
  flowOut: number;
  transferred: number;
  handle: CountAndSum;
  talk: CountAndSum;
  held: CountAndSum;
  acw: CountAndSum;
  serviceLevel: { numerator: number; denominator: number };
};

const countAndSum = z.object({ count: z.number(), sum: z.number() });
/** MetricSums as stored beside a snapshot (lib/reports/refresh.ts). */
export const metricSumsSchema: z.ZodType<MetricSums> = z.object({
  offered: z.number(),
  answered: countAndSum,
  abandoned: z.number(),
  flowOut: z.number(),
  transferred: z.number(),
  handle: countAndSum,
  talk: countAndSum,
  held: countAndSum,
  acw: countAndSum,
  serviceLevel: z.object({ numerator: z.number(), denominator: z.number() }),
});

export function emptySums(): MetricSums {
  return {
    offered: 0,
    answered: { count: 0, sum: 0 },
    abandoned: 0,
    flowOut: 0,
    transferred: 0,
    handle: { count: 0, sum: 0 },
    talk: { count: 0, sum: 0 },
    held: { count: 0, sum: 0 },
    acw: { count: 0, sum: 0 },
    serviceLevel: { numerator: 0, denominator: 0 },
  };
}

const n = (v: number | undefined) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

function addCountAndSum(target: CountAndSum, stats: StatisticalSummary) {
  target.count += n(stats.count);
  target.sum += n(stats.sum);
}

/** Adds one metric's stats from an aggregates answer. Metrics a report does not use are ignored. */
export function addMetric(sums: MetricSums, metric: string, stats: StatisticalSummary): void {
  switch (metric) {
    case "nOffered":
      sums.offered += n(stats.count);
      break;
    case "tAnswered":
      addCountAndSum(sums.answered, stats);
      break;
    case "tAbandon":
      sums.abandoned += n(stats.count);
      break;
    case "tFlowOut":
      sums.flowOut += n(stats.count);
      break;
    case "nTransferred":
      sums.transferred += n(stats.count);
      break;
    case "tHandle":
      addCountAndSum(sums.handle, stats);
      break;
    case "tTalk":
      addCountAndSum(sums.talk, stats);
      break;
    case "tHeld":
      addCountAndSum(sums.held, stats);
      break;
    case "tAcw":
      addCountAndSum(sums.acw, stats);
      break;
    case "oServiceLevel":
      sums.serviceLevel.numerator += n(stats.numerator);
      sums.serviceLevel.denominator += n(stats.denominator);
      break;
  }
}

export function mergeSums(into: MetricSums, from: MetricSums): MetricSums {
  into.offered += from.offered;
  into.abandoned += from.abandoned;
  into.flowOut += from.flowOut;
  into.transferred += from.transferred;
  for (const key of ["answered", "handle", "talk", "held", "acw"] as const) {
    into[key].count += from[key].count;
    into[key].sum += from[key].sum;
  }
  into.serviceLevel.numerator += from.serviceLevel.numerator;
  into.serviceLevel.denominator += from.serviceLevel.denominator;
  return into;
}

const ratioOf = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : null);
const secondsOf = (cs: CountAndSum) => (cs.count > 0 ? cs.sum / cs.count / 1000 : null);

export function deriveMetrics(s: MetricSums): QueueMetrics {
  return {
    offered: s.offered,
    answered: s.answered.count,
    abandoned: s.abandoned,
    flowOut: s.flowOut,
    transferred: s.transferred,
    answerRate: ratioOf(s.answered.count, s.offered),
    abandonRate: ratioOf(s.abandoned, s.offered),
    asaSeconds: secondsOf(s.answered),
    ahtSeconds: secondsOf(s.handle),
    avgTalkSeconds: secondsOf(s.talk),
    avgHoldSeconds: secondsOf(s.held),
    avgAcwSeconds: secondsOf(s.acw),
    serviceLevel: ratioOf(s.serviceLevel.numerator, s.serviceLevel.denominator),
  };
}
