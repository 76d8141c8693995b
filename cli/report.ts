/**
 * `npm run report -- [--view NAME | --interval S/E --granularity D] [--format table|json|csv] [--out FILE]`
 *
 * The scheduled report as a command: the "script on a cron job at 3 AM", done right. Exit codes:
 * 0 done, 1 the report could not be made (configuration, network, Genesys), 2 bad arguments.
 */
import { InvalidArgumentError, Option } from "commander";
import { command, parseOrExit, usageError as fail } from "./command";
import { commandConnection, configOrExit } from "./config";
import { mediaType, type MediaType } from "@/lib/genesys/schemas";
import { REPORT_FORMATS, formatReport, type ReportFormat } from "@/lib/reports/format";
import { runQueueReport } from "@/lib/reports/run";
import { DEFAULT_VIEW, VIEW_NAMES, WindowError, checkTimeZone, isViewName, parseWindow, resolveView } from "@/lib/reports/views";
import { writeFileAtomic } from "@/lib/store/atomic-file";
import { describeError } from "@/lib/genesys/describe-error";

type Options = {
  view?: string;
  interval?: string;
  granularity?: string;
  timeZone?: string;
  media?: MediaType[];
  format: ReportFormat;
  out?: string;
};

function parseMedia(value: string): MediaType[] {
  return value.split(",").map((item) => {
    const parsed = mediaType.safeParse(item.trim());
    if (!parsed.success) throw new InvalidArgumentError(`unknown media type "${item}" (one of ${mediaType.options.join(", ")})`);
    return parsed.data;
  });
}

const program = command(
  "report",
  "Print a per-queue report (a QueueReport) from Genesys Cloud, or from the built-in simulator when no credentials are set.",
)
  .addOption(new Option("--view <name>", `a scheduled view (default ${DEFAULT_VIEW})`).choices(VIEW_NAMES))
  .option("--interval <start/end>", "an ISO-8601 interval instead of a view, e.g. 2026-11-01T00:00:00Z/2026-11-02T00:00:00Z")
  .option("--granularity <duration>", "bucket size with --interval: an ISO-8601 duration such as PT30M, PT1H, P1D")
  .option("--time-zone <zone>", "IANA time zone for views and buckets (default: REPORT_TIME_ZONE or UTC)")
  .option("--media <types>", "only these media types, comma-separated (voice,chat,email,message…)", parseMedia)
  .addOption(new Option("--format <format>", "output format").choices(REPORT_FORMATS).default("table"))
  .option("--out <file>", "write to FILE (atomically) instead of standard output");

const usageError = (message: string): never => fail(program, message);

async function main(): Promise<void> {
  parseOrExit(program);
  const opts = program.opts<Options>();
  if (opts.view && opts.interval) usageError("use either --view or --interval, not both");
  if (opts.interval && !opts.granularity) usageError("--interval needs --granularity (e.g. PT1H)");
  if (opts.granularity && !opts.interval) usageError("--granularity goes with --interval (views have their own)");

  const config = configOrExit();
  const timeZone = opts.timeZone ?? config.reportTimeZone;

  let window;
  try {
    window = opts.interval
      ? parseWindow({ interval: opts.interval, granularity: opts.granularity!, timeZone })
      : resolveView(opts.view && isViewName(opts.view) ? opts.view : DEFAULT_VIEW, checkTimeZone(timeZone));
  } catch (error) {
    if (error instanceof WindowError) usageError(error.message);
    throw error;
  }

  const connection = await commandConnection(config);
  const report = await runQueueReport(connection.client, {
    window,
    mediaTypes: opts.media,
    source: connection.source,
  });
  const output = formatReport(report, opts.format);
  if (opts.out) {
    await writeFileAtomic(opts.out, output);
    process.stderr.write(`wrote ${opts.format} report (${report.queues.length} queues) to ${opts.out}\n`);
  } else {
    process.stdout.write(output);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`report failed: ${describeError(error)}\n`);
  process.exit(1);
});
