import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisSnapshotStore, createRedisClient } from "@/lib/store/redis-store";
import { startRedisServer, type TestRedis } from "../support/redis-server";

let redis: TestRedis;
const clients: ReturnType<typeof createRedisClient>[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await redis.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Two stores on their own connections: two app instances sharing one Redis. */
function instances() {
  const prefix = `lock-${randomBytes(4).toString("hex")}:`;
  const store = () => {
    const client = createRedisClient(redis.url, { warn: () => {} });
    clients.push(client);
    return new RedisSnapshotStore(client, { prefix, logger: { warn: () => {} } });
  };
  return { a: store(), b: store(), key: `${prefix}lock:refresh` };
}

describe("RedisSnapshotStore.withLock", () => {
  it("keeps the lock of a holder that runs longer than its TTL, and releases it when done", async () => {
    const { a, b, key } = instances();
    let finishA!: () => void;
    const aMayFinish = new Promise<void>((resolve) => (finishA = resolve));
    const aRun = a.withLock("refresh", 300, () => aMayFinish);

    await sleep(1000); // more than three times the TTL
    expect(await b.withLock("refresh", 300, async () => "b ran")).toEqual({ acquired: false });
    const pttl = await a.redis.pttl(key);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(300);

    finishA();
    expect(await aRun).toEqual({ acquired: true, value: undefined });
    expect(await a.redis.exists(key)).toBe(0);
    expect(await b.withLock("refresh", 300, async () => "b ran")).toEqual({ acquired: true, value: "b ran" });
  });

  it("stops extending once the holder has finished, even when it failed", async () => {
    const { a, key } = instances();
    await expect(
      a.withLock("refresh", 150, async () => {
        await sleep(400);
        throw new Error("refresh failed");
      }),
    ).rejects.toThrow(/refresh failed/);
    expect(await a.redis.exists(key)).toBe(0);
    // A lock someone else set under the same name is not renewed by the finished holder.
    await a.redis.set(key, "someone-else", "PX", 200);
    await sleep(400);
    expect(await a.redis.exists(key)).toBe(0);
  });
});
