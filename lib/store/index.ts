/** The two snapshot stores and what they share; lib/server/store.ts chooses one per process. */
export type { SnapshotStore } from "./snapshot-store";
export { FileSnapshotStore } from "./file-store";
export { RedisSnapshotStore, RedisTokenCache, createRedisClient, isStoreUnavailable } from "./redis-store";
