/** A transition as sent and recorded: the webhook body of README.md "Alerts", plus where each destination stands. */
import { z } from "zod";

export const alertTransitionSchema = z.object({
  /** Unique per transition: receivers dedupe by it. */
  id: z.string(),
  ruleId: z.string(),
  state: z.enum(["firing", "resolved"]),
  queueId: z.string(),
  queueName: z.string(),
  metric: z.string(),
  value: z.number().nullable(),
  threshold: z.number(),
  op: z.enum(["<", ">"]),
  at: z.string(),
  url: z.string(),
});
export type AlertTransition = z.infer<typeof alertTransitionSchema>;

export const DESTINATION_KINDS = ["webhook", "slack", "teams"] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

export const deliverySchema = z.object({
  destination: z.enum(DESTINATION_KINDS),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int().nonnegative(),
  at: z.string().optional(),
  /** Why it failed (an HTTP status or a network error), never the URL or a secret. */
  error: z.string().optional(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const recordedTransitionSchema = alertTransitionSchema.extend({ deliveries: z.array(deliverySchema) });
export type RecordedTransition = z.infer<typeof recordedTransitionSchema>;
