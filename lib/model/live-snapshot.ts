/**
 * The `LiveSnapshot` contract (README.md "Live wallboard"): queue state now, as one subscriber per
 * deployment observed it, beside today's figures from the latest `today` snapshot. The JSON of
 * `GET /api/live/queues` and of every `event: snapshot` on `GET /api/live/stream`; stored snapshots
 * are parsed with this schema before they are served.
 */
import { z } from "zod";
import { queueMetricsSchema } from "./queue-report";

const count = z.number().int().nonnegative();

export const liveAgentsSchema = z.object({
  /** oMemberUsers */
  members: count,
  /** oOnQueueUsers, every routing status */
  onQueue: count,
  /** oOffQueueUsers */
  offQueue: count,
  /** oUserRoutingStatuses by qualifier */
  idle: count,
  interacting: count,
  communicating: count,
  notResponding: count,
});
export type LiveAgents = z.infer<typeof liveAgentsSchema>;

export const liveMediaSchema = z.object({ mediaType: z.string(), waiting: count, interacting: count, alerting: count });
export type LiveMedia = z.infer<typeof liveMediaSchema>;

const liveStateSchema = z.object({
  /** oWaiting, oInteracting, oAlerting, all media */
  waiting: count,
  interacting: count,
  alerting: count,
  /** Age of the longest waiter at `observedAt`, in seconds; null when nobody waits. */
  longestWaitingSeconds: z.number().nonnegative().nullable(),
  agents: liveAgentsSchema,
});

export const liveQueueSchema = liveStateSchema.extend({
  queueId: z.string(),
  name: z.string(),
  byMedia: z.array(liveMediaSchema),
  /** From the latest `today` snapshot; null before the first refresh. */
  today: queueMetricsSchema.nullable(),
});
export type LiveQueue = z.infer<typeof liveQueueSchema>;

export const liveSnapshotSchema = z.object({
  /** When Genesys state was observed. */
  observedAt: z.string(),
  source: z.object({
    mode: z.enum(["simulator", "genesys"]),
    environment: z.string(),
    grant: z.literal("client_credentials"),
    via: z.enum(["poll", "notifications"]),
  }),
  /** True when the last attempt failed or is overdue. */
  stale: z.boolean(),
  /** Why, when stale. */
  error: z.string().optional(),
  totals: liveStateSchema.extend({ today: queueMetricsSchema.nullable() }),
  queues: z.array(liveQueueSchema),
});
export type LiveSnapshot = z.infer<typeof liveSnapshotSchema>;
