/**
 * `npm run export -- --interval START/END [--format ndjson|csv] --out FILE [--media voice,chat] [--queue ID,...] [--api auto|query|jobs]`
 *
 * Conversation details streamed to FILE (see lib/export). Exit codes: 0 done; 1 the export could
 * not be made or finished (configuration, network, Genesys; what is written is kept for a resume);
 * 2 bad arguments, or a resume with other arguments; 130 / 143 interrupted by Ctrl-C / SIGTERM
 * (run the same command to resume).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { Option } from "commander";
import { command, parseOrExit, usageError as fail } from "./command";
import { commandConnection, configOrExit } from "./config";
import { describeError } from "@/lib/genesys/describe-error";
import {
  CSV_COLUMNS,
  EXPORT_APIS,
  exportClientOptions,
  EXPORT_FORMATS,
  ExportUsageError,
  exportPaths,
  exportSpecFrom,
  quietProgress,
  runExport,
  summaryLine,
  terminalProgress,
  type ExportSpec,
} from "@/lib/export";

type Options = { interval?: string; format?: string; out?: string; media?: string; queue?: string; api?: string };

const program = command(
  "export",
  "Stream conversation details (analytics) to a file, NDJSON or CSV, from Genesys Cloud or from the built-in simulator when no credentials are set. " +
    "Interrupted, it resumes where it stopped when run again with the same arguments.",
)
  .option("--interval <start/end>", "ISO-8601 interval (UTC unless an offset is given), e.g. 2026-11-01T00:00:00Z/2026-11-08T00:00:00Z")
  .addOption(new Option("--format <format>", "output format").choices(EXPORT_FORMATS).default("ndjson"))
  .option("--out <file>", "the file to write (FILE.partial and FILE.checkpoint.json beside it until it is complete)")
  .option("--media <types>", "only conversations with a segment of these media types, comma-separated (voice,chat,email,message…)")
  .option("--queue <ids>", "only conversations that went through one of these queues, comma-separated queue ids")
  .addOption(
    new Option("--api <api>", "auto: whichever is faster for the volume under the rate limit (the details query or async jobs)")
      .choices(EXPORT_APIS)
      .default("auto"),
  )
  .addHelpText("after", `\nCSV columns: ${CSV_COLUMNS.join(", ")}`);

const usageError = (message: string): never => fail(program, message);

class Interrupted extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
  }
}

async function main(): Promise<void> {
  parseOrExit(program);
  let spec: ExportSpec;
  try {
    spec = exportSpecFrom(program.opts<Options>());
  } catch (error) {
    if (error instanceof ExportUsageError) usageError(error.message);
    throw error;
  }

  const config = configOrExit();
  const connection = await commandConnection(config, { client: exportClientOptions() });

  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    // A second Ctrl-C does not wait: the checkpoint on disk is consistent at every moment.
    if (controller.signal.aborted) process.exit(signal === "SIGINT" ? 130 : 143);
    controller.abort(new Interrupted(signal));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const view = process.stderr.isTTY ? terminalProgress(process.stderr) : quietProgress(process.stderr);
  let written = 0;
  try {
    const summary = await runExport({
      spec,
      client: connection.client,
      environment: connection.apiUrl,
      signal: controller.signal,
      onStart: (start) => view.start(start),
      onProgress: (progress) => {
        written = progress.written;
        view.update(progress);
      },
      onNote: (line) => view.note(line),
    });
    view.stop();
    process.stderr.write(`${summaryLine(summary, spec.format)}\n`);
  } catch (error) {
    view.stop();
    const paths = exportPaths(spec.out);
    const partial = path.basename(paths.partial);
    if (error instanceof Interrupted) {
      process.stderr.write(`\ninterrupted: ${written} conversations are safe in ${partial}; run the same command to resume\n`);
      process.exit(error.signal === "SIGINT" ? 130 : 143);
    }
    if (error instanceof ExportUsageError) usageError(error.message);
    const resumable = existsSync(paths.checkpoint) ? ` (${partial} is kept: run the same command to resume)` : "";
    process.stderr.write(`export failed: ${describeError(error)}${resumable}\n`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`export failed: ${describeError(error)}\n`);
  process.exit(1);
});
