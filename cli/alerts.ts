/**
 * `npm run alerts -- --dry-run [--interval S/E] [--json]`
 *
 * Replays the alert rules (ALERT_RULES) over past data and prints every transition they would
 * have sent; sends nothing. Without --interval, over the snapshots the app has stored; with it,
 * over that interval of the org (or the simulator), at the end of every 15 minutes (every hour
 * past 9 days). Exit codes: 0 done, 1 the data could not be read, 2 bad arguments or rules.
 */
import { DateTime } from "luxon";
import { AlertRulesError, loadAlertRules, type AlertRule } from "@/lib/alerts/rules";
import { formatAlertValue } from "@/lib/alerts/payloads";
import { momentsOver, replayAlerts, type ReplayedTransition } from "@/lib/alerts/replay";
import type { AlertInputs } from "@/lib/alerts/observe";
import { describeError } from "@/lib/genesys/describe-error";
import type { QueueReport } from "@/lib/model/queue-report";
import { aggregatesQueryFor } from "@/lib/reports/run";
import { WindowError, parseWindow } from "@/lib/reports/views";
import { getSnapshotStore } from "@/lib/server/store";
import type { AppConfig } from "@/lib/config/env";
import { command, parseOrExit, usageError as fail } from "./command";
import { commandConnection, configOrExit } from "./config";

type Options = { dryRun?: boolean; interval?: string; json?: boolean };

const program = command(
  "alerts",
  "Replay the alert rules (ALERT_RULES) over past data and print the transitions they would have sent. Sends nothing.",
)
  .option("--dry-run", "required: this command never sends (the running app does)")
  .option("--interval <start/end>", "replay over this ISO-8601 interval of the org instead of the stored snapshots")
  .option("--json", "print the transitions as JSON");

const usageError = (message: string): never => fail(program, message);

/** The stored `today` and `last-24h` snapshots, oldest first, each moment with the latest of both as of then. */
async function storedMoments(): Promise<{ at: Date; inputs: AlertInputs }[]> {
  const store = getSnapshotStore();
  const [today, last24h] = await Promise.all([store.history("today", 1000), store.history("last-24h", 1000)]);
  const all = [...today.map((r) => ["today", r] as const), ...last24h.map((r) => ["last-24h", r] as const)].sort((a, b) =>
    a[1].generatedAt.localeCompare(b[1].generatedAt),
  );
  const latest: { today?: QueueReport; "last-24h"?: QueueReport } = {};
  return all.map(([view, report]) => {
    latest[view] = report;
    return { at: new Date(report.generatedAt), inputs: { ...latest } };
  });
}

async function intervalMoments(config: AppConfig, interval: string) {
  const timeZone = config.reportTimeZone;
  let window;
  try {
    window = parseWindow({ interval, granularity: "PT1H", timeZone });
  } catch (error) {
    if (error instanceof WindowError) usageError(error.message);
    throw error;
  }
  const step = window.end.diff(window.start, "days").days > 9 ? "PT1H" : "PT15M";
  const connection = await commandConnection(config);
  const queryWindow = { start: window.start.minus({ hours: 24 }), end: window.end, granularity: step, timeZone };
  const [aggregates, queues] = await Promise.all([
    connection.client.queryConversationAggregates(aggregatesQueryFor(queryWindow)),
    connection.client.listRoutingQueues(),
  ]);
  return momentsOver({ aggregates, queues, source: connection.source, start: window.start, end: window.end, step, timeZone });
}

function line(t: ReplayedTransition): string {
  const when = DateTime.fromISO(t.at, { zone: "utc" }).toFormat("yyyy-LL-dd HH:mm'Z'");
  const state = t.state === "firing" ? "FIRING  " : "RESOLVED";
  return `${when}  ${state}  ${t.ruleId.padEnd(16)} ${t.queueName.padEnd(24)} ${t.metric} ${formatAlertValue(t.metric, t.value)} (${t.op} ${formatAlertValue(t.metric, t.threshold)})`;
}

async function main(): Promise<void> {
  parseOrExit(program);
  const opts = program.opts<Options>();
  if (!opts.dryRun) usageError("only --dry-run is supported: alerts are sent by the running app");
  const config = configOrExit();
  let rules: AlertRule[];
  try {
    rules = loadAlertRules(config.alerts.rulesFile);
  } catch (error) {
    if (error instanceof AlertRulesError) usageError(error.message);
    throw error;
  }
  if (rules.length === 0) usageError("no alert rules: set ALERT_RULES to a rules file (or put alerts.json in the working directory)");
  const live = rules.filter((r) => r.source === "live");
  const replayable = rules.filter((r) => r.source !== "live");
  const moments = opts.interval ? await intervalMoments(config, opts.interval) : await storedMoments();
  const transitions = replayAlerts(replayable, moments);
  if (opts.json) process.stdout.write(`${JSON.stringify(transitions, null, 2)}\n`);
  else for (const t of transitions) process.stdout.write(`${line(t)}\n`);
  const firing = transitions.filter((t) => t.state === "firing").length;
  process.stderr.write(
    `${transitions.length} transitions (${firing} firing, ${transitions.length - firing} resolved) over ${opts.interval ?? "the stored snapshots"}; nothing was sent` +
      (live.length ? `; ${live.length} live rules not replayed (${live.map((r) => r.id).join(", ")}): live state is not kept` : "") +
      "\n",
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`alerts failed: ${describeError(error)}\n`);
  process.exit(1);
});
