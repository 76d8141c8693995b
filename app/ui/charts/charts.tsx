"use client";
/**
 * The dashboard's charts, each described once (`ChartSpec`: title, words, size, plot, data
 * table) and drawn by one component, `ReportChart`. The figure, its description and its data
 * table render on the server (chart-figure.tsx). The plot itself (recharts, the largest library
 * on the page) is a separate chunk fetched as soon as this module runs, so first-load JavaScript
 * stays small and the tables never wait for it.
 */
import dynamic from "next/dynamic";
import { count, formatSeconds, percent } from "../format";
import { SERVICE_LEVEL_TARGET } from "../metrics/thresholds";
import { ChartFigure, DataTable, type Column } from "./chart-figure";
import type { LinePlotName, PlotProps } from "./plots";
import type { BucketPoint, QueuePoint } from "./series";

const loadPlots = () => import("./plots");
// Start fetching the chart chunk with the page, not after the first render asks for it.
if (typeof window !== "undefined") void loadPlots();

function PlotPlaceholder() {
  return <div className="plot-placeholder skeleton" aria-hidden="true" />;
}

const QueueVolumePlot = dynamic<PlotProps<QueuePoint>>(() => loadPlots().then((m) => m.QueueVolumePlot), {
  ssr: false,
  loading: PlotPlaceholder,
});
const BucketLinePlot = dynamic<PlotProps<BucketPoint> & { plot: LinePlotName }>(() => loadPlots().then((m) => m.BucketLinePlot), {
  ssr: false,
  loading: PlotPlaceholder,
});

/** One chart: what it is called and says, how tall it is, its plot and its data table. */
export type ChartSpec<Row> = {
  title: string;
  /** The figure's description for `subject` ("all queues, last 24 hours"); `estimated` for all-queue buckets (see allQueuesBuckets). */
  describe: (subject: string, estimated: boolean) => string;
  testId: string;
  /** A CSS height: ResponsiveContainer needs a parent with an explicit one. */
  height: (rows: Row[]) => string;
  plot: (props: PlotProps<Row>) => React.ReactNode;
  rowKey: (row: Row) => string;
  columns: Column<Row>[];
};

const bucketColumn: Column<BucketPoint> = { label: "Bucket", cell: (r) => r.longLabel, header: true };
const bucketKey = (r: BucketPoint) => r.interval;
const bucketLines = (plot: LinePlotName) =>
  function plotLines(props: PlotProps<BucketPoint>) {
    return <BucketLinePlot plot={plot} {...props} />;
  };

/** Offered / answered / abandoned per queue. */
export const QUEUE_VOLUME: ChartSpec<QueuePoint> = {
  title: "Offered, answered and abandoned per queue",
  describe: (subject) =>
    `Conversations per queue for ${subject}. Offered is solid, answered hatched, abandoned dotted; numbers at the end of each bar.`,
  testId: "chart-queue-volume",
  height: (rows) => `calc(${Math.max(rows.length, 3)} * 2.6rem + 4.5rem)`,
  plot: (props) => <QueueVolumePlot {...props} />,
  rowKey: (r) => r.queueId,
  columns: [
    { label: "Queue", cell: (r) => r.name, header: true },
    { label: "Offered", cell: (r) => count(r.offered) },
    { label: "Answered", cell: (r) => count(r.answered) },
    { label: "Abandoned", cell: (r) => count(r.abandoned) },
  ],
};

export const VOLUME_TREND: ChartSpec<BucketPoint> = {
  title: "Volume per bucket",
  describe: (subject) =>
    `Offered (solid line, circles), answered (dashed, squares) and abandoned (dotted, triangles) conversations per bucket for ${subject}.`,
  testId: "chart-volume-trend",
  height: () => "18rem",
  plot: bucketLines("volume"),
  rowKey: bucketKey,
  columns: [
    bucketColumn,
    { label: "Offered", cell: (r) => count(r.offered) },
    { label: "Answered", cell: (r) => count(r.answered) },
    { label: "Abandoned", cell: (r) => count(r.abandoned) },
  ],
};

export const SERVICE_LEVEL_TREND: ChartSpec<BucketPoint> = {
  title: "Service level per bucket",
  describe: (subject, estimated) =>
    `Share of conversations answered within the service-level threshold, per bucket, for ${subject}, against the ${percent(SERVICE_LEVEL_TARGET, 0)} target (dashed line). ` +
    (estimated ? "All-queue buckets are weighted by answered plus abandoned conversations. " : "") +
    "Gaps are buckets with no traffic.",
  testId: "chart-service-level-trend",
  height: () => "16rem",
  plot: bucketLines("serviceLevel"),
  rowKey: bucketKey,
  columns: [
    bucketColumn,
    { label: "Service level", cell: (r) => percent(r.serviceLevel) },
    { label: "Answered", cell: (r) => count(r.answered) },
    { label: "Abandoned", cell: (r) => count(r.abandoned) },
  ],
};

export const SPEED_TREND: ChartSpec<BucketPoint> = {
  title: "Speed of answer and handle time per bucket",
  describe: (subject) =>
    `Average speed of answer (solid line, diamonds) and average handle time (dashed, squares) per bucket for ${subject}. Gaps are buckets with no answered conversations.`,
  testId: "chart-speed-trend",
  height: () => "16rem",
  plot: bucketLines("speed"),
  rowKey: bucketKey,
  columns: [
    bucketColumn,
    { label: "ASA", cell: (r) => formatSeconds(r.asaSeconds) },
    { label: "AHT", cell: (r) => formatSeconds(r.ahtSeconds) },
    { label: "Answered", cell: (r) => count(r.answered) },
  ],
};

/** A chart of `data` for `subject`, as `chart` describes it. */
export function ReportChart<Row>({
  chart,
  data,
  subject,
  estimated = false,
  testId = chart.testId,
}: {
  chart: ChartSpec<Row>;
  data: Row[];
  subject: string;
  /** All-queues buckets are an estimate (see allQueuesBuckets); say so. */
  estimated?: boolean;
  /** Another test id than the chart's own, where a page shows it differently (a queue's drill-down). */
  testId?: string;
}) {
  const description = chart.describe(subject, estimated);
  return (
    <ChartFigure
      title={chart.title}
      description={description}
      testId={testId}
      height={chart.height(data)}
      chart={chart.plot({ data, title: chart.title, description })}
      table={<DataTable caption={`${chart.title} (${subject})`} rows={data} rowKey={chart.rowKey} columns={chart.columns} />}
    />
  );
}
