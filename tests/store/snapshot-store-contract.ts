/**
 * The behaviour every SnapshotStore must have. The file store runs it now; the Redis store will
 * run the very same suite.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { QueueReport } from "@/lib/model/queue-report";
import type { SnapshotStore } from "@/lib/store/snapshot-store";

export function report(view: string, generatedAt: string, offered = 1): QueueReport {
  const metrics = {
    offered,
    answered: offered,
    abandoned: 0,
    flowOut: 0,
    transferred: 0,
    answerRate: 1,
    abandonRate: 0,
    asaSeconds: 5,
    ahtSeconds: 60,
    avgTalkSeconds: 50,
    avgHoldSeconds: null,
    avgAcwSeconds: 10,
    serviceLevel: 1,
  };
  return {
    view,
    interval: "2026-11-20T00:00:00.000Z/2026-11-21T00:00:00.000Z",
    granularity: "PT1H",
    timeZone: "UTC",
    generatedAt,
    source: { mode: "simulator", environment: "simulator", grant: "client_credentials" },
    totals: metrics,
    queues: [
      {
        queueId: "q1",
        name: "Sales",
        totals: metrics,
        series: [{ interval: "2026-11-20T00:00:00.000Z/2026-11-20T01:00:00.000Z", ...metrics }],
      },
    ],
  };
}

/**
 * `create` gives a store over shared persistent state: two calls model two processes or a restart.
 * `crash` makes a store act like its process died (a store that renews its locks stops renewing).
 */
export function snapshotStoreContract(
  name: string,
  create: (options?: { historyLength?: number }) => Promise<SnapshotStore>,
  crash: (store: SnapshotStore) => void = () => {},
) {
  describe(`${name}: the SnapshotStore contract`, () => {
    it("has nothing for a view never saved", async () => {
      const store = await create();
      expect(await store.latest("today")).toBeNull();
      expect(await store.history("today")).toEqual([]);
    });

    it("serves the newest snapshot, survives a restart, and keeps views apart", async () => {
      const store = await create();
      await store.save("today", report("today", "2026-11-20T10:00:00.000Z", 1));
      await store.save("today", report("today", "2026-11-20T10:05:00.000Z", 2));
      await store.save("last-7d", report("last-7d", "2026-11-20T10:05:00.000Z", 9));
      expect((await store.latest("today"))?.totals.offered).toBe(2);
      const withJson = await store.latestWithJson("today");
      expect(JSON.parse(withJson!.json)).toEqual(withJson!.report);
      const restarted = await create();
      expect((await restarted.latest("today"))?.generatedAt).toBe("2026-11-20T10:05:00.000Z");
      expect((await restarted.latest("last-7d"))?.totals.offered).toBe(9);
    });

    it("keeps the last N snapshots per view, newest first", async () => {
      const store = await create({ historyLength: 3 });
      for (let minute = 0; minute < 5; minute++) {
        await store.save("today", report("today", `2026-11-20T10:0${minute}:00.000Z`, minute));
      }
      const history = await store.history("today");
      expect(history.map((r) => r.totals.offered)).toEqual([4, 3, 2]);
      expect((await store.history("today", 2)).map((r) => r.totals.offered)).toEqual([4, 3]);
    });

    it("refuses to save something that is not a QueueReport", async () => {
      const store = await create();
      await expect(store.save("today", { view: "today" } as unknown as QueueReport)).rejects.toThrow();
      expect(await store.latest("today")).toBeNull();
    });

    it("keeps the refresh status", async () => {
      const store = await create();
      expect(await store.readStatus()).toEqual({});
      await store.writeStatus({ lastAttemptAt: "2026-11-20T10:00:00.000Z", lastError: { at: "2026-11-20T10:00:00.000Z", message: "503" } });
      expect((await (await create()).readStatus()).lastError?.message).toBe("503");
    });

    it("caches values until they expire", async () => {
      const store = await create();
      const schema = z.array(z.object({ id: z.string() }));
      await store.writeCache("queues", [{ id: "q1" }], 60_000);
      expect(await store.readCache("queues", schema)).toEqual([{ id: "q1" }]);
      await store.writeCache("short", [{ id: "q2" }], 1);
      await new Promise((r) => setTimeout(r, 10));
      expect(await store.readCache("short", schema)).toBeNull();
      expect(await store.readCache("queues", z.number())).toBeNull(); // wrong shape: a miss, not a crash
    });

    it("lets one holder at a time run under a lock, and releases it on failure", async () => {
      const a = await create();
      const b = await create();
      let release!: () => void;
      const holding = a.withLock("refresh", 10_000, () => new Promise<string>((r) => (release = () => r("done"))));
      await new Promise((r) => setTimeout(r, 20));
      expect(await b.withLock("refresh", 10_000, async () => "second")).toEqual({ acquired: false });
      release();
      expect(await holding).toEqual({ acquired: true, value: "done" });
      await expect(a.withLock("refresh", 10_000, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
      expect(await b.withLock("refresh", 10_000, async () => "after")).toEqual({ acquired: true, value: "after" });
    });

    it("lets a lock whose holder died expire", async () => {
      const a = await create();
      const b = await create();
      // Generous times: under a loaded machine the first lock must be taken before the second try.
      void a.withLock("refresh", 1000, () => new Promise(() => {})); // never settles: a crashed holder
      await new Promise((r) => setTimeout(r, 200));
      crash(a);
      expect(await b.withLock("refresh", 1000, async () => 1)).toEqual({ acquired: false });
      await new Promise((r) => setTimeout(r, 1100));
      expect(await b.withLock("refresh", 1000, async () => 2)).toEqual({ acquired: true, value: 2 });
    });

    it("keeps a lock past its TTL while its holder runs, and another takes it once the holder stops", async () => {
      const a = await create();
      const b = await create();
      let release!: () => void;
      const holding = a.withLock("subscriber", 600, () => new Promise<void>((r) => (release = r)));
      await new Promise((r) => setTimeout(r, 1500));
      // 2.5 TTLs later the running holder still has it.
      expect(await b.withLock("subscriber", 600, async () => "taken")).toEqual({ acquired: false });
      release();
      await holding;
      expect(await b.withLock("subscriber", 600, async () => "taken")).toEqual({ acquired: true, value: "taken" });
    });

    it("delivers a published message to every subscriber of the channel, and none after unsubscribing", async () => {
      const a = await create();
      const got: string[] = [];
      const stopA = await a.subscribe("live", (m) => got.push(`a:${m}`));
      const stopB = await a.subscribe("live", (m) => got.push(`b:${m}`));
      await a.subscribe("other", (m) => got.push(`other:${m}`));
      await a.publish("live", "one");
      await a.publish("live", "two");
      await waitFor(() => got.length >= 4);
      expect(got.sort()).toEqual(["a:one", "a:two", "b:one", "b:two"].sort());
      await stopA();
      await stopB();
      await a.publish("live", "three");
      await new Promise((r) => setTimeout(r, 200));
      expect(got).toHaveLength(4);
    });
  });
}

async function waitFor(done: () => boolean, timeoutMs = 3000): Promise<void> {
  for (const start = Date.now(); !done();) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}
