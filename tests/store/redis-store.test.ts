import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGenesysClient } from "@/lib/genesys";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, startSimulatorServer } from "@/lib/sim";
import { RedisSnapshotStore, RedisTokenCache, StoreUnavailableError, createRedisClient } from "@/lib/store/redis-store";
import { startRedisServer, type TestRedis } from "../support/redis-server";
import { report, snapshotStoreContract } from "./snapshot-store-contract";

let redis: TestRedis;
const stores: RedisSnapshotStore[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const store of stores) store.disconnect();
  await redis.stop();
});

/** Each store gets its own connection: two stores are two app instances sharing one Redis. */
function storeFor(prefix: string, options: { historyLength?: number } = {}) {
  const client = createRedisClient(redis.url, { warn: () => {} });
  const store = new RedisSnapshotStore(client, { prefix, ...options, logger: { warn: () => {} } });
  stores.push(store);
  return store;
}

let prefix = "";
beforeEach(() => {
  prefix = `test-${randomBytes(4).toString("hex")}:`;
});
snapshotStoreContract(
  "RedisSnapshotStore",
  async (options) => storeFor(prefix, options),
  // A dead process's connection is gone: it no longer extends its locks.
  (store) => (store as RedisSnapshotStore).redis.disconnect(),
);

describe("Redis shared state", () => {
  it("carries live messages from one instance to the subscribers of another", async () => {
    const [a, b] = [storeFor(prefix), storeFor(prefix)];
    const got: string[] = [];
    await a.subscribe("live", (m) => got.push(m));
    await b.publish("live", "from b");
    for (const start = Date.now(); got.length === 0 && Date.now() - start < 3000;) await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual(["from b"]);
    // Another deployment's prefix does not hear it.
    const other = storeFor(`${prefix}other:`);
    const heard: string[] = [];
    await other.subscribe("live", (m) => heard.push(m));
    await b.publish("live", "again");
    await new Promise((r) => setTimeout(r, 200));
    expect(heard).toEqual([]);
  });

  it("lets instances together request one client-credentials token", async () => {
    const sim = await startSimulatorServer({ port: 0 });
    try {
      const instances = [0, 1].map(() =>
        createGenesysClient({
          loginUrl: sim.url,
          apiUrl: sim.url,
          credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
          tokenCache: new RedisTokenCache(storeFor(prefix), prefix),
        }),
      );
      await Promise.all(instances.flatMap((client) => Array.from({ length: 10 }, () => client.getTokenInfo())));
      expect(sim.sim.stats().tokenRequests).toBe(1);
    } finally {
      await sim.close();
    }
  });

  it("answers a clear error at once while Redis is down, and recovers without a restart", async () => {
    const store = storeFor(prefix);
    await store.save("today", report("today", "2026-11-20T10:00:00.000Z", 5));
    await redis.kill();
    try {
      const started = Date.now();
      await new Promise((r) => setTimeout(r, 1100)); // past the in-process recheck window
      await expect(store.latest("today")).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.latest("today")).rejects.toThrow(/Redis is unreachable/);
      expect(Date.now() - started).toBeLessThan(6000);
      expect((await store.ping()).ok).toBe(false);
    } finally {
      await redis.restart();
    }
    // The client reconnects by itself; the data survived (append-only file).
    let latest = null;
    for (let i = 0; i < 50 && latest === null; i++) {
      latest = await store.latest("today").catch(() => null);
      if (latest === null) await new Promise((r) => setTimeout(r, 200));
    }
    expect(latest?.totals.offered).toBe(5);
    expect((await store.ping()).ok).toBe(true);
  });
});
