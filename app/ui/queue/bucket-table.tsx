/** A queue's numbers per bucket, with the whole view's totals below. */
import type { QueueReportRow } from "@/lib/model/queue-report";
import type { BucketPoint } from "../charts/series";
import { METRIC_COLUMNS, MetricCells, MetricTable } from "../metrics/metric-table";

/** The queues table's metrics but flow-out. */
const BUCKET_COLUMNS = METRIC_COLUMNS.filter((c) => c.key !== "flowOut");

export function BucketTable({ queue, buckets, subject }: { queue: QueueReportRow; buckets: BucketPoint[]; subject: string }) {
  const labelOf = new Map(buckets.map((b) => [b.interval, b.longLabel]));
  return (
    <section className="table-section" aria-labelledby="buckets-heading">
      <div className="table-toolbar">
        <h2 id="buckets-heading">Per bucket</h2>
        <p className="muted">{subject}</p>
      </div>
      <MetricTable label="Per-bucket table" testId="bucket-table" caption="Buckets">
        <thead>
          <tr>
            {["Bucket", ...BUCKET_COLUMNS.map((c) => c.label)].map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {queue.series.map((b) => (
            <tr key={b.interval}>
              <th scope="row">{labelOf.get(b.interval) ?? b.interval}</th>
              <MetricCells metrics={b} columns={BUCKET_COLUMNS} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Whole view</th>
            <MetricCells metrics={queue.totals} columns={BUCKET_COLUMNS} marked={false} />
          </tr>
        </tfoot>
      </MetricTable>
      <p className="table-note" data-testid="bucket-rates-note">
        Genesys counts a conversation as offered in the bucket where it entered the queue and as answered or abandoned in the bucket where
        that happened, so a bucket&apos;s abandon rate can exceed 100%; it is shown as it is.
      </p>
    </section>
  );
}
