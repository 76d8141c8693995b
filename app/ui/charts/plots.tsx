"use client";
/**
 * The recharts part of each chart, loaded as its own chunk after the page (see charts.tsx), so
 * the numbers, tables and controls do not wait for the chart library: the bars per queue, and
 * one line plot over the buckets, configured per chart (`LINE_PLOTS`). Series are told apart
 * without colour: bars by fill pattern (solid, hatched, dotted), lines by dash style and point
 * shape, and a legend that shows both.
 */
import { useId } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type YAxisProps,
} from "recharts";
import { count, formatSeconds, percent } from "../format";
import { SERVICE_LEVEL_TARGET } from "../metrics/thresholds";
import type { BucketPoint, QueuePoint } from "./series";

type SeriesKey = "offered" | "answered" | "abandoned" | "serviceLevel" | "asaSeconds" | "ahtSeconds";
type Shape = "circle" | "square" | "triangle" | "diamond";

/** Okabe–Ito colours (distinguishable with the common colour-vision deficiencies). */
const STYLE: Record<SeriesKey, { label: string; color: string; dash?: string; shape: Shape }> = {
  offered: { label: "Offered", color: "#0072B2", shape: "circle" },
  answered: { label: "Answered", color: "#007a5a", dash: "7 4", shape: "square" },
  abandoned: { label: "Abandoned", color: "#C24A00", dash: "2 3", shape: "triangle" },
  serviceLevel: { label: "Service level", color: "#0072B2", shape: "circle" },
  asaSeconds: { label: "ASA (speed of answer)", color: "#6a3d9a", shape: "diamond" },
  ahtSeconds: { label: "AHT (handle time)", color: "#C24A00", dash: "7 4", shape: "square" },
};

const AXIS_TICK = { fontSize: "0.75rem", fill: "#3d4752" };
const GRID = "#e3e7ec";

function usePrefix(): string {
  return `p${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
}

/** Fill patterns for bars: answered hatched, abandoned dotted; offered stays solid. */
function Patterns({ prefix }: { prefix: string }) {
  const answered = STYLE.answered.color;
  const abandoned = STYLE.abandoned.color;
  return (
    <defs>
      <pattern id={`${prefix}-answered`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill={answered} fillOpacity="0.25" />
        <rect width="3" height="6" fill={answered} />
      </pattern>
      <pattern id={`${prefix}-abandoned`} width="5" height="5" patternUnits="userSpaceOnUse">
        <rect width="5" height="5" fill={abandoned} fillOpacity="0.15" />
        <circle cx="2.5" cy="2.5" r="1.5" fill={abandoned} />
      </pattern>
    </defs>
  );
}

const barFill = (prefix: string, key: "offered" | "answered" | "abandoned") =>
  key === "offered" ? STYLE.offered.color : `url(#${prefix}-${key})`;

type DotProps = { cx?: number; cy?: number; index?: number; value?: unknown };

/** A point marker whose shape names the series in monochrome. */
function dotOf(shape: Shape, color: string, size = 3.5) {
  function ShapeDot(props: DotProps) {
    const { cx, cy, index, value } = props;
    if (typeof cx !== "number" || typeof cy !== "number" || value === null || value === undefined) return null;
    const s = size;
    const key = `dot-${index ?? `${cx}-${cy}`}`;
    switch (shape) {
      case "circle":
        return <circle key={key} cx={cx} cy={cy} r={s} fill={color} stroke="#fff" strokeWidth={1} />;
      case "square":
        return <rect key={key} x={cx - s} y={cy - s} width={s * 2} height={s * 2} fill="#fff" stroke={color} strokeWidth={1.8} />;
      case "triangle":
        return <path key={key} d={`M${cx},${cy - s * 1.25}L${cx + s * 1.2},${cy + s}L${cx - s * 1.2},${cy + s}Z`} fill={color} />;
      case "diamond":
        return (
          <path key={key} d={`M${cx},${cy - s * 1.3}L${cx + s * 1.3},${cy}L${cx},${cy + s * 1.3}L${cx - s * 1.3},${cy}Z`} fill={color} />
        );
    }
  }
  return ShapeDot;
}

function lineProps(key: SeriesKey, showDots: boolean) {
  const style = STYLE[key];
  return {
    dataKey: key,
    name: style.label,
    stroke: style.color,
    strokeWidth: 2.25,
    strokeDasharray: style.dash,
    dot: showDots ? dotOf(style.shape, style.color) : false,
    activeDot: { r: 5 },
    legendType: "plainline" as const,
    isAnimationActive: false,
    connectNulls: false,
  };
}

const numberOrNull = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const tooltipCount = (v: unknown) => (numberOrNull(v) === null ? "–" : count(numberOrNull(v)!));
const tooltipPercent = (v: unknown) => percent(numberOrNull(v));
const tooltipSeconds = (v: unknown) => formatSeconds(numberOrNull(v));

/**
 * At most about eight bucket labels (every 3 h of a day, every day of a week). A fixed step
 * also spares recharts measuring every label's width to find overlaps.
 */
function bucketAxis(buckets: number) {
  return { dataKey: "label", tick: AXIS_TICK, interval: Math.max(0, Math.ceil(buckets / 8) - 1), height: 28 };
}

const tooltipLabel = (_label: unknown, payload: ReadonlyArray<{ payload?: unknown }>) => {
  const row = payload[0]?.payload as BucketPoint | undefined;
  return row?.longLabel ?? "";
};

export type PlotProps<Row> = { data: Row[]; title: string; description: string };

export function QueueVolumePlot({ data, title, description }: PlotProps<QueuePoint>) {
  const prefix = usePrefix();
  const keys = ["offered", "answered", "abandoned"] as const;
  return (
    <ResponsiveContainer width="100%" height="100%" minWidth={0}>
      <BarChart
        layout="vertical"
        data={data}
        margin={{ top: 4, right: 44, bottom: 4, left: 4 }}
        barCategoryGap="18%"
        barGap={1}
        title={title}
        desc={description}
      >
        <Patterns prefix={prefix} />
        <CartesianGrid horizontal={false} stroke={GRID} />
        <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} niceTicks="snap125" />
        <YAxis type="category" dataKey="name" width="auto" tick={AXIS_TICK} interval={0} />
        <Tooltip formatter={tooltipCount} cursor={{ fill: "rgba(0,0,0,0.04)" }} />
        <Legend verticalAlign="top" height={28} itemSorter={null} />
        {keys.map((key) => (
          <Bar
            key={key}
            dataKey={key}
            name={STYLE[key].label}
            fill={barFill(prefix, key)}
            stroke={STYLE[key].color}
            strokeWidth={1}
            legendType="rect"
            isAnimationActive={false}
          >
            <LabelList dataKey={key} position="right" className="bar-label" />
          </Bar>
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

/** A line plot over the buckets: which series, and how its axis, tooltip and points read. */
type LinePlotSpec = {
  lines: SeriesKey[];
  /** Point markers up to this many buckets; past that they crowd the line. */
  dotsUpTo: number;
  marginTop: number;
  /** The value axis, beyond what every plot sets (tick style, automatic width). */
  yAxis: Omit<YAxisProps, "tick" | "width">;
  tooltip: (v: unknown) => string;
  legend: boolean;
  /** The service-level target as a dashed reference line. */
  target?: boolean;
};

const LINE_PLOTS = {
  volume: {
    lines: ["offered", "answered", "abandoned"],
    dotsUpTo: 31,
    marginTop: 8,
    yAxis: { allowDecimals: false, niceTicks: "snap125" },
    tooltip: tooltipCount,
    legend: true,
  },
  serviceLevel: {
    lines: ["serviceLevel"],
    dotsUpTo: 48,
    marginTop: 12,
    yAxis: { domain: [0, 1], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], tickFormatter: (v: number) => percent(v, 0) },
    tooltip: tooltipPercent,
    legend: false,
    target: true,
  },
  speed: {
    lines: ["asaSeconds", "ahtSeconds"],
    dotsUpTo: 48,
    marginTop: 8,
    yAxis: { tickFormatter: (v: number) => formatSeconds(v) },
    tooltip: tooltipSeconds,
    legend: true,
  },
} satisfies Record<string, LinePlotSpec>;

export type LinePlotName = keyof typeof LINE_PLOTS;

export function BucketLinePlot({ plot, data, title, description }: PlotProps<BucketPoint> & { plot: LinePlotName }) {
  const spec: LinePlotSpec = LINE_PLOTS[plot];
  const showDots = data.length <= spec.dotsUpTo;
  return (
    <ResponsiveContainer width="100%" height="100%" minWidth={0}>
      <LineChart data={data} margin={{ top: spec.marginTop, right: 24, bottom: 4, left: 0 }} title={title} desc={description}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis {...bucketAxis(data.length)} />
        <YAxis {...spec.yAxis} tick={AXIS_TICK} width="auto" />
        <Tooltip formatter={spec.tooltip} labelFormatter={tooltipLabel} />
        {spec.legend ? <Legend verticalAlign="top" height={28} itemSorter={null} /> : null}
        {spec.target ? (
          <ReferenceLine
            y={SERVICE_LEVEL_TARGET}
            stroke="#5b6673"
            strokeDasharray="5 4"
            label={{
              value: `Target ${percent(SERVICE_LEVEL_TARGET, 0)}`,
              position: "insideBottomLeft",
              fontSize: "0.75rem",
              fill: "#3d4752",
            }}
          />
        ) : null}
        {spec.lines.map((key) => (
          <Line key={key} {...lineProps(key, showDots)} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
