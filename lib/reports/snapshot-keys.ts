/**
 * Where a view's snapshot and the per-queue sums behind it live in the store. The refresh writes
 * them and the readers read them; both sides name them here.
 */
import { z } from "zod";
import type { MediaType } from "@/lib/genesys/schemas";
import type { SnapshotStore } from "@/lib/store";
import type { QueueSums } from "./build";
import { metricSumsSchema } from "./metrics";
import type { ViewName } from "./views";

/** The store key of a view's snapshot, optionally for one media type. */
export function snapshotKey(view: ViewName, mediaType?: MediaType): string {
  return mediaType ? `${view}.${mediaType}` : view;
}

const SUMS_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const storedSums = z.object({ generatedAt: z.string(), sums: z.record(z.string(), metricSumsSchema) });

function sumsCacheKey(key: string): string {
  return `sums.${key}`;
}

/** Each queue's sums behind a stored snapshot, or null when they are not those of this very snapshot. */
export async function readQueueSums(store: SnapshotStore, key: string, generatedAt: string): Promise<QueueSums | null> {
  const stored = await store.readCache(sumsCacheKey(key), storedSums);
  return stored && stored.generatedAt === generatedAt ? stored.sums : null;
}

/** Saved before the snapshot itself, so a reader never finds a snapshot without its sums. */
export async function writeQueueSums(store: SnapshotStore, key: string, generatedAt: string, sums: QueueSums): Promise<void> {
  await store.writeCache(sumsCacheKey(key), { generatedAt, sums }, SUMS_TTL_MS);
}
