/**
 * The frame every chart shares: a <figure> named by its <figcaption>, described in words, with
 * its numbers in a "Show data table" <details>. All of it renders on the server; only the plot
 * inside waits for the chart library (charts.tsx).
 */
import { useId } from "react";

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
