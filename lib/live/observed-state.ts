/**
 * What the deployment last observed, as the store keeps it: every visible queue's state per media
 * type, when, how (poll or notifications) and, after a failed attempt, why. One copy per
 * deployment; every viewer's `LiveSnapshot` is rendered from it (lib/live/render.ts).
 */
import { z } from "zod";
import { liveAgentsSchema } from "@/lib/model/live-snapshot";

const count = z.number().int().nonnegative();

export const observedStateSchema = z.object({
  observedAt: z.string(),
  /** When the last attempt to observe was made, success or failure. */
  attemptAt: z.string(),
  via: z.enum(["poll", "notifications"]),
  error: z.string().optional(),
  source: z.object({ mode: z.enum(["simulator", "genesys"]), environment: z.string() }),
  queues: z.array(
    z.object({
      queueId: z.string(),
      name: z.string(),
      agents: liveAgentsSchema,
      media: z.array(
        z.object({
          mediaType: z.string(),
          waiting: count,
          interacting: count,
          alerting: count,
          longestWaitingSince: z.number().nullable(),
        }),
      ),
    }),
  ),
});
export type ObservedState = z.infer<typeof observedStateSchema>;
