import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { FileSnapshotStore } from "@/lib/store/file-store";
import { report, snapshotStoreContract } from "./snapshot-store-contract";

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

// Each test gets a directory; stores created within one test share it (a restart, a second process).
let current: string | undefined;
beforeEach(() => {
  current = undefined;
});
snapshotStoreContract(
  "FileSnapshotStore",
  async (options) => {
    if (!current) {
      current = await mkdtemp(path.join(tmpdir(), "file-store-"));
      dirs.push(current);
    }
    return new FileSnapshotStore(current, { ...options, logger: { warn: () => {} } });
  },
  (store) => (store as FileSnapshotStore).close(),
);

describe("FileSnapshotStore on disk", () => {
  it("ignores a corrupt newest file with a warning and leaves no temporary files", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "file-store-"));
    dirs.push(dir);
    const warnings: string[] = [];
    const store = new FileSnapshotStore(dir, { logger: { warn: (m: string) => warnings.push(m) } });
    await store.save("today", report("today", "2026-11-20T10:00:00.000Z", 7));
    await writeFile(path.join(dir, "snapshots/today/999999999999999-broken.json"), "{ not json");
    await writeFile(path.join(dir, "snapshots/today/999999999999998-partial.json"), JSON.stringify({ view: "today" }));
    expect((await store.latest("today"))?.totals.offered).toBe(7);
    expect(warnings).toHaveLength(2);
    expect((await readdir(path.join(dir, "snapshots/today"))).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("refuses view names that would escape the data directory", async () => {
    const store = new FileSnapshotStore(await mkdtemp(path.join(tmpdir(), "file-store-")));
    await expect(store.latest("../../etc")).rejects.toThrow(/invalid view name/);
  });

  it("deletes expired cache entries from disk, keeping live ones (one sign-in trace per visitor would pile up)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "file-store-"));
    dirs.push(dir);
    const store = new FileSnapshotStore(dir, { cachePurgeIntervalMs: 0 });
    await store.writeCache("trace.pkce.old", { n: 1 }, 1);
    await store.writeCache("routing-queues", { n: 2 }, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.writeCache("trace.pkce.new", { n: 3 }, 60_000);
    expect((await readdir(path.join(dir, "cache"))).sort()).toEqual(["routing-queues.json", "trace.pkce.new.json"]);
  });
});
