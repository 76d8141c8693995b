import "server-only";
import { z } from "zod";
import type { GenesysClient } from "@/lib/genesys";
import { queue as queueSchema, type Queue } from "@/lib/genesys/schemas";
import type { SnapshotStore } from "@/lib/store";

const QUEUE_CACHE_KEY = "routing-queues";
/** Queue names change rarely; listing them every run would cost calls for nothing. */
export const QUEUE_CACHE_TTL_MS = 60 * 60 * 1000;

const cachedQueues = z.array(queueSchema.pick({ id: true, name: true }));

/**
 * The queues the client-credentials client sees, from the store's cache (an hour), listed again
 * only when it has expired: reports and refreshes share it, so a viewer's on-demand report never
 * pages through the queue listing.
 */
export async function queueDirectory(
  store: SnapshotStore,
  client: Pick<GenesysClient, "listRoutingQueues">,
): Promise<Pick<Queue, "id" | "name">[]> {
  const cached = await store.readCache(QUEUE_CACHE_KEY, cachedQueues);
  if (cached) return cached;
  const queues = (await client.listRoutingQueues()).map(({ id, name }) => ({ id, name }));
  await store.writeCache(QUEUE_CACHE_KEY, queues, QUEUE_CACHE_TTL_MS);
  return queues;
}
