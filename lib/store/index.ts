import "server-only";
/** The process's snapshot store (and shared token cache), chosen by configuration. */
import { getConfig } from "@/lib/config/env";
import type { TokenCache } from "@/lib/genesys/token-cache";
import { FileSnapshotStore } from "./file-store";
import { RedisSnapshotStore, RedisTokenCache, createRedisClient } from "./redis-store";
import type { SnapshotStore } from "./snapshot-store";

export type { SnapshotStore } from "./snapshot-store";
export { StoreUnavailableError } from "./redis-store";

const globalKey = Symbol.for("genesys-dashboard.snapshot-store");
type GlobalWithStore = typeof globalThis & { [globalKey]?: SnapshotStore };

export function getSnapshotStore(): SnapshotStore {
  const g = globalThis as GlobalWithStore;
  if (!g[globalKey]) {
    const config = getConfig();
    g[globalKey] = config.redisUrl
      ? new RedisSnapshotStore(createRedisClient(config.redisUrl, console), { logger: console })
      : new FileSnapshotStore(config.dataDir);
  }
  return g[globalKey];
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
