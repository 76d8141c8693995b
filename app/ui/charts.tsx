"use client";
/**
 * The dashboard's charts. Each one is a <figure> named by its <figcaption>, described in words,
 * with its numbers in a "Show data table" <details>: all of that renders on the server. The
 * plot itself (recharts, the largest library on the page) is a separate chunk fetched as soon
 * as this module runs, so first-load JavaScript stays small and the tables never wait for it.
 */
import dynamic from "next/dynamic";
import { useId } from "react";
import { count, formatSeconds, percent } from "./format";
import type { PlotProps } from "./plots";
import type { BucketPoint, QueuePoint } from "./series";
import { SERVICE_LEVEL_TARGET } from "./thresholds";

const loadPlots = () => import("./plots");
// Start fetching the chart chunk with the page, not after the first render asks for it.
if (typeof window !== "undefined") void loadPlots();

function PlotPlaceholder() {
  return <div className="plot-placeholder skeleton" aria-hidden="true" />;
}

const lazyPlot = <Row,>(pick: (m: typeof import("./plots")) => React.ComponentType<PlotProps<Row>>) =>
  dynamic<PlotProps<Row>>(() => loadPlots().then(pick), { ssr: false, loading: PlotPlaceholder });

const QueueVolumePlot = lazyPlot<QueuePoint>((m) => m.QueueVolumePlot);
const VolumeTrendPlot = lazyPlot<BucketPoint>((m) => m.VolumeTrendPlot);
const ServiceLevelPlot = lazyPlot<BucketPoint>((m) => m.ServiceLevelPlot);
const SpeedPlot = lazyPlot<BucketPoint>((m) => m.SpeedPlot);

// -------------------------------------------------------------------------------------------------
// The frame every chart shares

export type Column<Row> = { label: string; cell: (row: Row) => string; header?: boolean };

export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
}: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
}) {
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c.label}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) =>
                c.header ? (
                  <th scope="row" key={c.label}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={c.label}>{c.cell(row)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ChartFigure({
  title,
  description,
  height,
  testId,
  chart,
  table,
}: {
  title: string;
  description: string;
  /** A CSS height: ResponsiveContainer needs a parent with an explicit one. */
  height: string;
  testId: string;
  chart: React.ReactNode;
  table: React.ReactNode;
}) {
  const id = `f${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  return (
    <figure className="chart" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} data-testid={testId}>
      <figcaption id={`${id}-title`} className="chart-title">
        {title}
      </figcaption>
      <p id={`${id}-desc`} className="chart-desc">
        {description}
      </p>
      <div className="chart-box" style={{ height }}>
        {chart}
      </div>
      <details className="chart-data">
        <summary>Show data table</summary>
        {table}
      </details>
    </figure>
  );
}

// -------------------------------------------------------------------------------------------------
// Offered / answered / abandoned per queue

export function QueueVolumeChart({ data, subject }: { data: QueuePoint[]; subject: string }) {
  const title = "Offered, answered and abandoned per queue";
  const description = `Conversations per queue for ${subject}. Offered is solid, answered hatched, abandoned dotted; numbers at the end of each bar.`;
  return (
    <ChartFigure
      title={title}
      description={description}
      testId="chart-queue-volume"
      height={`calc(${Math.max(data.length, 3)} * 2.6rem + 4.5rem)`}
      chart={<QueueVolumePlot data={data} title={title} description={description} />}
      table={
        <DataTable
          caption={`${title} (${subject})`}
          rows={data}
          rowKey={(r) => r.queueId}
          columns={[
            { label: "Queue", cell: (r) => r.name, header: true },
            { label: "Offered", cell: (r) => count(r.offered) },
            { label: "Answered", cell: (r) => count(r.answered) },
            { label: "Abandoned", cell: (r) => count(r.abandoned) },
          ]}
        />
      }
    />
  );
}

// -------------------------------------------------------------------------------------------------
// Per-bucket trends

const bucketColumn: Column<BucketPoint> = { label: "Bucket", cell: (r) => r.longLabel, header: true };

export function VolumeTrendChart({
  data,
  subject,
  testId = "chart-volume-trend",
}: {
  data: BucketPoint[];
  subject: string;
  testId?: string;
}) {
  const title = "Volume per bucket";
  const description = `Offered (solid line, circles), answered (dashed, squares) and abandoned (dotted, triangles) conversations per bucket for ${subject}.`;
  return (
    <ChartFigure
      title={title}
      description={description}
      testId={testId}
      height="18rem"
      chart={<VolumeTrendPlot data={data} title={title} description={description} />}
      table={
        <DataTable
          caption={`${title} (${subject})`}
          rows={data}
          rowKey={(r) => r.interval}
          columns={[
            bucketColumn,
            { label: "Offered", cell: (r) => count(r.offered) },
            { label: "Answered", cell: (r) => count(r.answered) },
            { label: "Abandoned", cell: (r) => count(r.abandoned) },
          ]}
        />
      }
    />
  );
}

export function ServiceLevelTrendChart({
  data,
  subject,
  estimated = false,
  testId = "chart-service-level-trend",
}: {
  data: BucketPoint[];
  subject: string;
  /** All-queues buckets are an estimate (see allQueuesBuckets); say so. */
  estimated?: boolean;
  testId?: string;
}) {
  const title = "Service level per bucket";
  const description =
    `Share of conversations answered within the service-level threshold, per bucket, for ${subject}, against the ${percent(SERVICE_LEVEL_TARGET, 0)} target (dashed line). ` +
    (estimated ? "All-queue buckets are weighted by answered plus abandoned conversations. " : "") +
    "Gaps are buckets with no traffic.";
  return (
    <ChartFigure
      title={title}
      description={description}
      testId={testId}
      height="16rem"
      chart={<ServiceLevelPlot data={data} title={title} description={description} />}
      table={
        <DataTable
          caption={`${title} (${subject})`}
          rows={data}
          rowKey={(r) => r.interval}
          columns={[
            bucketColumn,
            { label: "Service level", cell: (r) => percent(r.serviceLevel) },
            { label: "Answered", cell: (r) => count(r.answered) },
            { label: "Abandoned", cell: (r) => count(r.abandoned) },
          ]}
        />
      }
    />
  );
}

export function SpeedTrendChart({
  data,
  subject,
  testId = "chart-speed-trend",
}: {
  data: BucketPoint[];
  subject: string;
  testId?: string;
}) {
  const title = "Speed of answer and handle time per bucket";
  const description = `Average speed of answer (solid line, diamonds) and average handle time (dashed, squares) per bucket for ${subject}. Gaps are buckets with no answered conversations.`;
  return (
    <ChartFigure
      title={title}
      description={description}
      testId={testId}
      height="16rem"
      chart={<SpeedPlot data={data} title={title} description={description} />}
      table={
        <DataTable
          caption={`${title} (${subject})`}
          rows={data}
          rowKey={(r) => r.interval}
          columns={[
            bucketColumn,
            { label: "ASA", cell: (r) => formatSeconds(r.asaSeconds) },
            { label: "AHT", cell: (r) => formatSeconds(r.ahtSeconds) },
            { label: "Answered", cell: (r) => count(r.answered) },
          ]}
        />
      }
    />
  );
}
