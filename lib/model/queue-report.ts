/**
 * The `QueueReport` contract (README.md#http-api): the JSON the dashboard, the API routes, the report
 * command and the snapshot store exchange. The schema is the source of the type, and stored
 * snapshots are parsed with it before they are served.
 */
import { z } from "zod";

const ratio = z.number().nullable();

export const queueMetricsSchema = z.object({
  offered: z.number(),
  answered: z.number(),
  abandoned: z.number(),
  flowOut: z.number(),
  transferred: z.number(),
  answerRate: ratio,
  abandonRate: ratio,
  asaSeconds: ratio,
  ahtSeconds: ratio,
  avgTalkSeconds: ratio,
  avgHoldSeconds: ratio,
  avgAcwSeconds: ratio,
  serviceLevel: ratio,
});
export type QueueMetrics = z.infer<typeof queueMetricsSchema>;

export const queueReportSchema = z.object({
  view: z.string().optional(),
  interval: z.string(),
  granularity: z.string(),
  timeZone: z.string(),
  generatedAt: z.string(),
  source: z.object({
    mode: z.enum(["simulator", "genesys"]),
    environment: z.string(),
    grant: z.enum(["client_credentials", "authorization_code"]),
  }),
  principal: z.object({ id: z.string(), name: z.string() }).optional(),
  totals: queueMetricsSchema,
  queues: z.array(
    z.object({
      queueId: z.string(),
      name: z.string(),
      totals: queueMetricsSchema,
      series: z.array(queueMetricsSchema.extend({ interval: z.string() })),
    }),
  ),
});
export type QueueReport = z.infer<typeof queueReportSchema>;
export type QueueReportSource = QueueReport["source"];
export type QueueReportRow = QueueReport["queues"][number];
