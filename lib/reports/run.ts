import "server-only";
/**
 * Runs a queue report: ONE aggregates query for all queues (grouped by queueId, never one query
 * per queue) and the routing queue listing for names, in parallel.
 */
import type { AggregateFilter, ConversationAggregationQuery, MediaType, Queue } from "@/lib/genesys/schemas";
import type { GenesysClient } from "@/lib/genesys";
import { buildQueueReportWithSums, type QueueSums } from "./build";
import { REPORT_METRICS } from "./metrics";
import type { QueueReport, QueueReportSource } from "@/lib/model/queue-report";
import { windowInterval, type ReportWindow } from "./views";

export type ReportingClient = Pick<GenesysClient, "queryConversationAggregates" | "listRoutingQueues">;

export type RunQueueReportOptions = {
  window: ReportWindow;
  mediaTypes?: MediaType[];
  source: QueueReportSource;
  principal?: { id: string; name: string };
  /** Where queue names come from; defaults to listing every page of routing queues. */
  listQueues?: () => Promise<Pick<Queue, "id" | "name">[]>;
  now?: () => Date;
};

export function aggregatesQueryFor(window: ReportWindow, mediaTypes?: MediaType[]): ConversationAggregationQuery {
  return {
    interval: windowInterval(window),
    granularity: window.granularity,
    timeZone: window.timeZone,
    groupBy: ["queueId"],
    metrics: [...REPORT_METRICS],
    ...(mediaTypes && mediaTypes.length > 0 ? { filter: mediaTypeFilter(mediaTypes) } : {}),
  };
}

function mediaTypeFilter(mediaTypes: MediaType[]): AggregateFilter {
  return {
    type: "or",
    predicates: mediaTypes.map((value) => ({ type: "dimension", dimension: "mediaType", operator: "matches", value })),
  };
}

export async function runQueueReport(client: ReportingClient, options: RunQueueReportOptions): Promise<QueueReport> {
  return (await runQueueReportWithSums(client, options)).report;
}

/** The report and each queue's sums (for restricting it to a viewer's queues, lib/reports/visibility.ts). */
export async function runQueueReportWithSums(
  client: ReportingClient,
  options: RunQueueReportOptions,
): Promise<{ report: QueueReport; sums: QueueSums }> {
  const listQueues = options.listQueues ?? (() => client.listRoutingQueues());
  const [aggregates, queues] = await Promise.all([
    client.queryConversationAggregates(aggregatesQueryFor(options.window, options.mediaTypes)),
    listQueues(),
  ]);
  return buildQueueReportWithSums({
    window: options.window,
    aggregates,
    queues,
    source: options.source,
    principal: options.principal,
    generatedAt: (options.now ?? (() => new Date()))(),
  });
}
