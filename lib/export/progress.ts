/**
 * What an export shows while it runs: on a terminal, a progress bar (conversations done of the
 * estimate, rate, ETA, chunk); piped or redirected, nothing until the one summary line.
 */
import cliProgress from "cli-progress";
import type { ExportProgress, ExportStart, ExportSummary } from "./run";

export type ProgressView = {
  start(start: ExportStart): void;
  update(progress: ExportProgress): void;
  note(line: string): void;
  stop(): void;
};

export function quietProgress(stream: NodeJS.WritableStream): ProgressView {
  return {
    start() {},
    update() {},
    note: (line) => void stream.write(`${line}\n`),
    stop() {},
  };
}

export function terminalProgress(stream: NodeJS.WriteStream): ProgressView {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: "{bar} {percentage}% | {value}/{total} conversations | {rate}/s | ETA {remaining} | chunk {chunk}/{chunks}",
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let active = false;
  let startedAt = 0;
  let startValue = 0;
  return {
    start(start) {
      stream.write(`${start.reason}; ${start.chunks} chunk${start.chunks === 1 ? "" : "s"}\n`);
      startedAt = performance.now();
      startValue = start.resumedFrom ?? 0;
      bar.start(Math.max(1, start.estimate), startValue, { rate: "0", remaining: "–", chunk: 1, chunks: start.chunks });
      active = true;
    },
    update(p) {
      if (!active) return;
      const seconds = (performance.now() - startedAt) / 1000;
      const rate = seconds > 0.5 ? Math.round((p.written - startValue) / seconds) : 0;
      const eta = rate > 0 ? duration((p.total - p.written) / rate) : "–";
      bar.setTotal(Math.max(1, p.total));
      bar.update(p.written, { rate: String(rate), remaining: eta, chunk: p.chunk, chunks: p.chunks });
    },
    note(line) {
      stream.write(`\r\x1b[K${line}\n`);
    },
    stop() {
      if (!active) return;
      active = false;
      bar.stop();
    },
  };
}

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor(s / 60) % 60).padStart(2, "0")}m`;
}

export function summaryLine(summary: ExportSummary, format: string): string {
  const seconds = summary.durationMs / 1000;
  const mb = summary.bytes / 1_048_576;
  const parts = [
    `exported ${summary.conversations} conversations (${format}, ${mb.toFixed(1)} MB) to ${summary.out}`,
    `in ${seconds.toFixed(1)} s`,
    `via ${summary.api === "jobs" ? "async jobs" : "the details query"}${summary.lead ? " (the first chunk by the details query while the next one's job queued)" : ""}, ${summary.chunks} chunk${summary.chunks === 1 ? "" : "s"}`,
    `${summary.client.apiCalls} API calls, ${summary.client.rateLimited} rate-limited`,
  ];
  if (summary.client.paced && summary.client.paced.waits > 0)
    parts.push(`paced ${summary.client.paced.waits}× (${(summary.client.paced.waitedMs / 1000).toFixed(0)} s)`);
  if (summary.resumedFrom !== null) parts.push(`resumed after ${summary.resumedFrom}`);
  if (summary.jobResubmissions > 0) parts.push(`${summary.jobResubmissions} job${summary.jobResubmissions === 1 ? "" : "s"} resubmitted`);
  return parts.join("; ");
}
