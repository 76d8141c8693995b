/**
 * The refresh contract: what one scheduled refresh did (the cron route's answer, the dashboard's
 * "last refresh" line) and the status the store keeps between runs. Parsed on every read.
 */
import { z } from "zod";

/** What one refresh did: the cron route's answer and the dashboard's "last refresh" line. */
export const refreshSummarySchema = z.object({
  ok: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  views: z.array(
    z.object({
      view: z.string(),
      ok: z.boolean(),
      queues: z.number().optional(),
      generatedAt: z.string().optional(),
      error: z.string().optional(),
    }),
  ),
  queues: z.number(),
  /** Requests to the API host (retries included); token requests are counted apart. */
  apiCalls: z.number(),
  tokenRequests: z.number(),
  /** True when this call found a refresh already running and answered with its result. */
  shared: z.boolean().optional(),
});
export type RefreshSummary = z.infer<typeof refreshSummarySchema>;

export const refreshStatusSchema = z.object({
  lastAttemptAt: z.string().optional(),
  lastSuccessAt: z.string().optional(),
  /** The last failure, kept until a later refresh succeeds. Never holds a secret. */
  lastError: z.object({ at: z.string(), message: z.string() }).optional(),
  lastSummary: refreshSummarySchema.optional(),
});
export type RefreshStatus = z.infer<typeof refreshStatusSchema>;
