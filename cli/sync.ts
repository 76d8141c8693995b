/**
 * `npm run sync -- --db FILE.duckdb [--parquet DIR] [--since YYYY-MM-DD] [--refetch-days N] [--media …] [--queue …]`
 *
 * Keeps a DuckDB database (and Parquet files by day) of conversation details up to date
 * (lib/export/sync). Exit codes: 0 done; 1 the sync could not be made (configuration, network,
 * Genesys; the days already synced are kept); 2 bad arguments; 130 / 143 interrupted by Ctrl-C /
 * SIGTERM (the day in progress is rolled back: run it again to go on).
 */
import path from "node:path";
import cliProgress from "cli-progress";
import { InvalidArgumentError } from "commander";
import { DateTime } from "luxon";
import { exportClientOptions } from "@/lib/export";
import { parseMediaList, parseQueueList, ExportUsageError } from "@/lib/export/spec";
import { DEFAULT_REFETCH_DAYS, DEFAULT_SINCE_DAYS, runSync } from "@/lib/export/sync/sync";
import { describeError } from "@/lib/genesys/describe-error";
import { command, parseOrExit, usageError as fail } from "./command";
import { commandConnection, configOrExit } from "./config";

type Options = { db?: string; parquet?: string; since?: string; refetchDays: number; media?: string; queue?: string };

function day(value: string): string {
  const parsed = DateTime.fromISO(value, { zone: "utc" });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !parsed.isValid) throw new InvalidArgumentError(`"${value}" is not a date YYYY-MM-DD`);
  return value;
}

function days(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 31) throw new InvalidArgumentError("must be a whole number of days from 0 to 31");
  return n;
}

const program = command(
  "sync",
  "Keep a DuckDB database (and Parquet files by day) of conversation details up to date, incrementally and idempotently.",
)
  .option("--db <file>", "the DuckDB database file (created if missing)")
  .option("--parquet <dir>", "also write each synced day as Parquet: DIR/<table>/date=YYYY-MM-DD/data.parquet")
  .option("--since <date>", `first run only: start at this UTC day (default ${DEFAULT_SINCE_DAYS} days ago)`, day)
  .option(
    "--refetch-days <n>",
    `days before the watermark fetched again, since they can still change (default ${DEFAULT_REFETCH_DAYS})`,
    days,
    DEFAULT_REFETCH_DAYS,
  )
  .option("--media <types>", "only conversations with a segment of these media types, comma-separated")
  .option("--queue <ids>", "only conversations that went through one of these queues, comma-separated queue ids");

const usageError = (message: string): never => fail(program, message);

function progressView() {
  if (!process.stderr.isTTY)
    return { start: (_total: number) => {}, update: (_done: number, _conversations: number) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: "{bar} {value}/{total} days | {conversations} conversations | {rate}/s | ETA {eta_formatted}",
      barsize: 24,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  return {
    start: (total: number) => bar.start(total, 0, { conversations: 0, rate: 0 }),
    update: (done: number, conversations: number) =>
      bar.update(done, { conversations, rate: Math.round(conversations / Math.max(0.001, (Date.now() - started) / 1000)) }),
    stop: () => bar.stop(),
  };
}

async function main(): Promise<void> {
  parseOrExit(program);
  const opts = program.opts<Options>();
  if (!opts.db) return usageError("--db is required: the DuckDB file to keep up to date");
  let media, queues;
  try {
    media = opts.media ? parseMediaList(opts.media) : [];
    queues = opts.queue ? parseQueueList(opts.queue) : [];
  } catch (error) {
    if (error instanceof ExportUsageError) usageError(error.message);
    throw error;
  }
  const config = configOrExit();
  const connection = await commandConnection(config, { client: exportClientOptions() });
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(signal === "SIGINT" ? 130 : 143);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));

  const view = progressView();
  let total = 0;
  try {
    const summary = await runSync({
      db: path.resolve(opts.db),
      ...(opts.parquet ? { parquetDir: path.resolve(opts.parquet) } : {}),
      ...(opts.since ? { since: opts.since } : {}),
      refetchDays: opts.refetchDays,
      media,
      queues,
      client: connection.client,
      environment: connection.apiUrl,
      signal: controller.signal,
      // On the simulator, its clock (SIM_NOW) says what "today" is.
      ...(connection.simulator?.options.now ? { now: () => new Date(connection.simulator!.options.now!()) } : {}),
      onStart: ({ days: planned }) => view.start(planned.length),
      onDay: ({ done, conversations }) => view.update(done, (total += conversations)),
    });
    view.stop();
    const range = summary.days.length ? `${summary.days[0]} to ${summary.days.at(-1)}` : "nothing";
    process.stderr.write(
      `synced ${summary.conversations} conversations, ${summary.days.length} days (${range}) into ${opts.db}` +
        `${opts.parquet ? ` and ${opts.parquet}` : ""} in ${(summary.durationMs / 1000).toFixed(1)} s; ${summary.apiCalls} API calls; watermark ${summary.watermark}\n`,
    );
  } catch (error) {
    view.stop();
    if (controller.signal.aborted) {
      process.stderr.write(
        `\ninterrupted: the day in progress was rolled back; the days before it are kept. Run the same command to go on.\n`,
      );
      process.exit(process.exitCode ?? 130);
    }
    process.stderr.write(`sync failed: ${describeError(error)} (the days synced before are kept)\n`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`sync failed: ${describeError(error)}\n`);
  process.exit(1);
});
