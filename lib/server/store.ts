import "server-only";
/**
 * The process's snapshot store (and the token cache shared through it), chosen by configuration:
 * Redis with REDIS_URL, files under DATA_DIR otherwise. The stores themselves take their options;
 * only this composition root reads the environment.
 */
import { getConfig } from "@/lib/config/env";
import type { TokenCache } from "@/lib/genesys/token-cache";
import { FileSnapshotStore, RedisSnapshotStore, RedisTokenCache, createRedisClient, type SnapshotStore } from "@/lib/store";
import { processSingleton } from "./singleton";

export function getSnapshotStore(): SnapshotStore {
  return processSingleton("snapshot-store", () => {
    const config = getConfig();
    return config.redisUrl
      ? new RedisSnapshotStore(createRedisClient(config.redisUrl, console), { logger: console })
      : new FileSnapshotStore(config.dataDir);
  });
}

/** With Redis, client-credentials tokens are shared by every instance; otherwise per process. */
export function sharedTokenCache(): TokenCache | undefined {
  const store = getSnapshotStore();
  return store instanceof RedisSnapshotStore ? new RedisTokenCache(store) : undefined;
}

/** Whether the store answers, with the reason when it does not. Files always answer. */
export async function storeReachability(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const store = getSnapshotStore();
  return store instanceof RedisSnapshotStore ? store.ping() : { ok: true };
}
