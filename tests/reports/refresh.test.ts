/**
 * The scheduled refresh when deliveries meet: two processes (two file stores on one data
 * directory, each with its own in-process state) and the built-in simulator.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { refreshViews } from "@/lib/reports/refresh";
import { FileSnapshotStore } from "@/lib/store/file-store";
import type { RefreshSummary } from "@/lib/model/refresh-status";
import { setup } from "../genesys/sim-client";

const source = { mode: "simulator", environment: "simulator", grant: "client_credentials" } as const;
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function twoProcesses() {
  const dir = await mkdtemp(path.join(tmpdir(), "refresh-test-"));
  dirs.push(dir);
  return { first: new FileSnapshotStore(dir), second: new FileSnapshotStore(dir) };
}

describe("refreshViews across processes", () => {
  it("a forced delivery that arrives as another run finishes (its lock not yet released) runs at once instead of waiting out the lock", async () => {
    const { first, second } = await twoProcesses();
    const { client, sim } = setup();
    let releaseFirst!: () => void;
    let finishedFirst!: () => void;
    const firstFinished = new Promise<void>((resolve) => (finishedFirst = resolve));
    // The first process has written its summary and is about to release the lock.
    const firstRun = first.withLock("refresh", 60_000, async () => {
      const at = new Date().toISOString();
      const summary: RefreshSummary = {
        ok: true,
        startedAt: at,
        finishedAt: at,
        durationMs: 0,
        views: [],
        queues: 0,
        apiCalls: 0,
        tokenRequests: 0,
      };
      await first.writeStatus({ lastAttemptAt: at, lastSuccessAt: at, lastSummary: summary });
      finishedFirst();
      await new Promise<void>((resolve) => (releaseFirst = resolve));
    });
    await firstFinished;
    await new Promise((resolve) => setTimeout(resolve, 5));

    const forced = refreshViews({ store: second, client, source, timeZone: "UTC", views: ["last-24h"], lockTtlMs: 60_000, force: true });
    setTimeout(() => releaseFirst(), 400);
    const summary = await forced;
    await firstRun;

    // Its own run, not the earlier one's summary, and it stored a snapshot.
    expect(summary.shared).toBeFalsy();
    expect(summary.ok).toBe(true);
    expect(summary.views).toEqual([expect.objectContaining({ view: "last-24h", ok: true })]);
    expect(sim.stats().byRoute["POST /api/v2/analytics/conversations/aggregates/query"]).toBe(1);
    expect(await second.latest("last-24h")).not.toBeNull();
  }, 20_000);

  it("a delivery that finds another process refreshing answers with that run's result, and refreshes nothing itself", async () => {
    const { first, second } = await twoProcesses();
    const { client, sim } = setup();
    const other = setup();
    const firstRun = refreshViews({ store: first, client: other.client, source, timeZone: "UTC", views: ["last-24h"], lockTtlMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second_ = refreshViews({ store: second, client, source, timeZone: "UTC", views: ["last-24h"], lockTtlMs: 60_000 });
    const [a, b] = await Promise.all([firstRun, second_]);
    expect(a.ok).toBe(true);
    expect(b.ok).toBe(true);
    expect(b.shared).toBe(true);
    expect(b.startedAt).toBe(a.startedAt);
    expect(sim.stats().apiRequests).toBe(0);
  }, 20_000);

  it("gives up waiting on another process's run with a clear error, bounded by the lock's lifetime", async () => {
    const { first, second } = await twoProcesses();
    const { client } = setup();
    let release!: () => void;
    const held = first.withLock("refresh", 60_000, () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const error = await refreshViews({ store: second, client, source, timeZone: "UTC", views: ["last-24h"], lockTtlMs: 1_000 }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(/another refresh is still running/);
    release();
    await held;
  }, 20_000);
});
