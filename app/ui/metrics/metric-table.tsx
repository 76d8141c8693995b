/**
 * The dashboard's metric tables (the queues table, a queue's per-bucket table): their columns,
 * which the CSV download uses too (one list, so a column reads the same everywhere), their cells
 * and their frame.
 */
import type { QueueMetrics } from "@/lib/model/queue-report";
import { count, formatSeconds, percent } from "../format";
import { ABANDON_WORDS, LevelMarker, SERVICE_LEVEL_WORDS, abandonLevel, serviceLevelLevel, type Level } from "./thresholds";

type CountKey = "offered" | "answered" | "abandoned" | "flowOut";
type RateKey = "abandonRate" | "serviceLevel";
type DurationKey = "asaSeconds" | "ahtSeconds";
export type MetricKey = CountKey | RateKey | DurationKey;

export type MetricColumn = {
  key: MetricKey;
  label: string;
  title: string;
  text: (m: QueueMetrics) => string;
  level?: (m: QueueMetrics) => Level | null;
  words?: Record<Level, string>;
};

const counted = (key: CountKey, label: string, title: string): MetricColumn => ({ key, label, title, text: (m) => count(m[key]) });

/** A rate against its thresholds: marked by colour and by a shape with words (metrics/thresholds.tsx). */
const rated = (key: RateKey, label: string, title: string, level: (v: number | null) => Level | null, words: Record<Level, string>) =>
  ({ key, label, title, text: (m) => percent(m[key]), level: (m) => level(m[key]), words }) satisfies MetricColumn;

const timed = (key: DurationKey, label: string, title: string): MetricColumn => ({ key, label, title, text: (m) => formatSeconds(m[key]) });

/** The metric columns, in order. */
export const METRIC_COLUMNS: MetricColumn[] = [
  counted("offered", "Offered", "Conversations offered to the queue"),
  counted("answered", "Answered", "Conversations answered by an agent"),
  counted("abandoned", "Abandoned", "Conversations the customer abandoned while waiting"),
  counted("flowOut", "Flow-out", "Conversations that left the queue without being answered or abandoned"),
  rated("abandonRate", "Abandon %", "Abandoned ÷ offered (5% or less is fine, over 10% needs attention)", abandonLevel, ABANDON_WORDS),
  rated(
    "serviceLevel",
    "Service level",
    "Answered within the service-level threshold (target 80%)",
    serviceLevelLevel,
    SERVICE_LEVEL_WORDS,
  ),
  timed("asaSeconds", "ASA", "Average speed of answer"),
  timed("ahtSeconds", "AHT", "Average handle time (talk + hold + after-call work)"),
];

/** One row's metric cells; `marked`: with the threshold colours and markers. */
export function MetricCells({
  metrics,
  columns = METRIC_COLUMNS,
  marked = true,
}: {
  metrics: QueueMetrics;
  columns?: readonly MetricColumn[];
  marked?: boolean;
}) {
  return (
    <>
      {columns.map((c) => {
        if (!marked) return <td key={c.key}>{c.text(metrics)}</td>;
        const level = c.level?.(metrics) ?? null;
        return (
          <td key={c.key} className={level ? `level-${level}` : undefined}>
            {c.text(metrics)}
            {c.words ? <LevelMarker level={level} words={c.words} /> : null}
          </td>
        );
      })}
    </>
  );
}

/** One of the dashboard's metric tables, in a region that scrolls sideways and takes keyboard focus. */
export function MetricTable({
  label,
  testId,
  caption,
  children,
}: {
  label: string;
  testId: string;
  caption: string;
  children: React.ReactNode;
}) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      <table className="queue-table" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}
