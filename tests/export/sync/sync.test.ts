import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { runSync } from "@/lib/export/sync/sync";
import { CREATE_TABLES } from "@/lib/export/sync/schema";
import { openWarehouse, replaceDay } from "@/lib/export/sync/warehouse";
import { runQueueReport } from "@/lib/reports/run";
import { parseWindow } from "@/lib/reports/views";
import { setup } from "../../genesys/sim-client";
import { testSyncOptions } from "./sync-options";

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function scratch(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "sync-test-"));
  dirs.push(dir);
  return dir;
}

async function query<T = Record<string, unknown>>(db: string, sql: string): Promise<T[]> {
  const instance = await DuckDBInstance.create(db);
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as T[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe("npm run sync (lib/export/sync)", () => {
  // No rate limit: every test syncs on the same token within the same minute (the sync's pacing
  // under a limit is the export's, tested in tests/export/run.test.ts).
  const sim = setup({ volume: 0.3, rateLimitPerMinute: 0 });

  it("fills every table, is idempotent, starts again from the watermark, and writes Parquet by day", async () => {
    const dir = await scratch();
    const db = path.join(dir, "w.duckdb");
    const first = await runSync(testSyncOptions(db, sim.client, { parquetDir: path.join(dir, "pq") }));
    expect(first.days).toEqual(["2026-11-24", "2026-11-25", "2026-11-26"]);
    expect(first.conversations).toBeGreaterThan(100);
    const counts = async () =>
      (
        await query<{ t: string; n: number }>(
          db,
          `
        SELECT 'conversations' t, count(*)::INT n FROM conversations UNION ALL SELECT 'distinct', count(DISTINCT conversation_id)::INT FROM conversations
        UNION ALL SELECT 'participants', count(*)::INT FROM participants UNION ALL SELECT 'sessions', count(*)::INT FROM sessions
        UNION ALL SELECT 'segments', count(*)::INT FROM segments UNION ALL SELECT 'session_metrics', count(*)::INT FROM session_metrics
        UNION ALL SELECT 'queues', count(*)::INT FROM queues`,
        )
      ).reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.t]: r.n }), {});
    const before = await counts();
    expect(before.conversations).toBe(first.conversations);
    expect(before.distinct).toBe(before.conversations);
    for (const table of ["participants", "sessions", "segments", "session_metrics", "queues"]) expect(before[table]).toBeGreaterThan(0);

    // Again: only the watermark's day and the one before (refetchDays 1), replaced, not added.
    const second = await runSync(testSyncOptions(db, sim.client, { parquetDir: path.join(dir, "pq") }));
    expect(second.days).toEqual(["2026-11-26"]);
    const after = await counts();
    expect(after.distinct).toBe(after.conversations);
    expect(after.conversations).toBeGreaterThanOrEqual(before.conversations!); // the open day can only grow
    const runs = await query<{ status: string; days: number }>(db, "SELECT status, days FROM sync_runs ORDER BY started_at");
    expect(runs).toEqual([
      { status: "ok", days: 3 },
      { status: "ok", days: 1 },
    ]);

    const partitions = await readdir(path.join(dir, "pq", "conversations"));
    expect(partitions.sort()).toEqual(["date=2026-11-24", "date=2026-11-25", "date=2026-11-26"]);
    const [parquet] = await query<{ n: number }>(
      db,
      `SELECT count(*)::INT n FROM read_parquet('${path.join(dir, "pq", "session_metrics", "*", "*.parquet")}', hive_partitioning = true)`,
    );
    expect(parquet!.n).toBe(after.session_metrics);
  });

  it("gives, through queue_report(), exactly the numbers the report command gives for the same interval", async () => {
    const dir = await scratch();
    const db = path.join(dir, "w.duckdb");
    await runSync(testSyncOptions(db, sim.client));
    const interval = "2026-11-25T06:00:00Z/2026-11-25T18:00:00Z";
    const report = await runQueueReport(sim.client, {
      window: parseWindow({ interval, granularity: "PT12H", timeZone: "UTC" }),
      source: { mode: "simulator", environment: "simulator", grant: "client_credentials" },
    });
    const rows = await query<Record<string, number | string | null>>(
      db,
      `SELECT * FROM queue_report('2026-11-25T06:00:00Z', '2026-11-25T18:00:00Z')`,
    );
    const byQueue = new Map(rows.map((r) => [r.queue_id, r]));
    const busy = report.queues.filter((q) => q.totals.offered > 0);
    expect(busy.length).toBeGreaterThan(3);
    for (const q of busy) {
      const row = byQueue.get(q.queueId)!;
      expect(row.name).toBe(q.name);
      expect([row.offered, row.answered, row.abandoned, row.flow_out, row.transferred]).toEqual([
        q.totals.offered,
        q.totals.answered,
        q.totals.abandoned,
        q.totals.flowOut,
        q.totals.transferred,
      ]);
      expect(row.asa_seconds).toBeCloseTo(q.totals.asaSeconds!, 9);
      expect(row.aht_seconds).toBeCloseTo(q.totals.ahtSeconds!, 9);
      expect(row.abandon_rate).toBeCloseTo(q.totals.abandonRate!, 12);
    }
  });

  it("rolls the day in progress back when interrupted, keeping the days before it", async () => {
    const dir = await scratch();
    const db = path.join(dir, "w.duckdb");
    const controller = new AbortController();
    await expect(
      runSync(
        testSyncOptions(db, sim.client, {
          signal: controller.signal,
          onDay: ({ done }) => {
            if (done === 1) controller.abort(new Error("Ctrl-C"));
          },
        }),
      ),
    ).rejects.toThrow();
    const days = await query<{ d: string }>(db, "SELECT DISTINCT strftime(conversation_date, '%Y-%m-%d') d FROM conversations ORDER BY d");
    expect(days.map((r) => r.d)).toEqual(["2026-11-24"]);
    expect(await query(db, "SELECT status FROM sync_runs")).toEqual([{ status: "interrupted" }]);
    // Run again: it goes on from where it stopped.
    const resumed = await runSync(testSyncOptions(db, sim.client));
    expect(resumed.days[0]).toBe("2026-11-24");
    expect((await query<{ n: number }>(db, "SELECT count(DISTINCT conversation_date)::INT n FROM conversations"))[0]!.n).toBe(3);
  });

  it("keeps every committed day through a crash before the run's checkpoint", async () => {
    const dir = await scratch();
    const db = path.join(dir, "w.duckdb");
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", path.join(import.meta.dirname, "crash-after-first-day.child.ts"), db],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on("exit", (c, s) => resolve([c, s])),
    );
    expect({ code, signal, stderr }).toEqual({ code: null, signal: "SIGKILL", stderr: "" });
    // The day was committed to the write-ahead log only (no checkpoint ran); opening the file replays it.
    expect((await stat(`${db}.wal`)).size).toBeGreaterThan(0);
    const days = await query<{ day: string; n: number }>(
      db,
      "SELECT strftime(day, '%Y-%m-%d') AS day, conversations::INT AS n FROM sync_days ORDER BY day",
    );
    expect(days.map((d) => d.day)).toEqual(["2026-11-24"]);
    const [stored] = await query<{ n: number }>(
      db,
      "SELECT count(*)::INT n FROM conversations WHERE conversation_date = DATE '2026-11-24'",
    );
    expect(stored!.n).toBe(days[0]!.n);
    expect(stored!.n).toBeGreaterThan(100);
  });

  it("rebuilds a first-version warehouse without the key DuckDB holds in memory, keeping every row", async () => {
    const dir = await scratch();
    const db = path.join(dir, "w.duckdb");
    const { client } = setup({ volume: 0.3 }); // its own rate-limit window: two more syncs would use up the file's
    await runSync(testSyncOptions(db, client));
    const before = await query(db, "SELECT * FROM conversations ORDER BY conversation_id");
    const instance = await DuckDBInstance.create(db);
    const c = await instance.connect();
    try {
      // As the first version made it: conversation_id a PRIMARY KEY, an index that grows in memory with the warehouse.
      await c.run("CREATE TABLE old AS SELECT * FROM conversations; DROP TABLE conversations");
      await c.run(CREATE_TABLES.replace("conversation_id VARCHAR NOT NULL,", "conversation_id VARCHAR PRIMARY KEY,"));
      await c.run("INSERT INTO conversations SELECT * FROM old; DROP TABLE old");
    } finally {
      c.closeSync();
      instance.closeSync();
    }
    const keys = "SELECT count(*)::INT n FROM duckdb_constraints() WHERE table_name = 'conversations' AND constraint_type = 'PRIMARY KEY'";
    expect(await query(db, keys)).toEqual([{ n: 1 }]);

    const again = await runSync(testSyncOptions(db, client));
    expect(again.days).toEqual(["2026-11-26"]);
    expect(await query(db, keys)).toEqual([{ n: 0 }]);
    const after = await query<{ conversation_id: string }>(db, "SELECT * FROM conversations ORDER BY conversation_id");
    // The days not fetched again are exactly as they were; the re-fetched day only grew.
    const untouched = (rows: Record<string, unknown>[]) => rows.filter((r) => r.conversation_date !== "2026-11-26");
    expect(untouched(after)).toEqual(untouched(before));
    expect(after.length).toBeGreaterThanOrEqual(before.length);
    expect(new Set(after.map((r) => r.conversation_id)).size).toBe(after.length);
  });

  it("replaces a day all or nothing: a load that fails halfway leaves the day as it was", async () => {
    const dir = await scratch();
    const db = path.join(dir, "w.duckdb");
    await runSync(testSyncOptions(db, sim.client));
    const day = "2026-11-25";
    const countDay = async () =>
      (await query<{ n: number }>(db, `SELECT count(*)::INT n FROM session_metrics WHERE conversation_date = DATE '${day}'`))[0]!.n;
    const before = await countDay();
    const broken = path.join(dir, "broken.ndjson");
    // Valid records, then one whose metric value is not a number: the load fails after deleting the day.
    await writeFile(
      broken,
      `{"conversationId":"c1","conversationStart":"${day}T10:00:00Z","participants":[]}\n` +
        `{"conversationId":"c2","conversationStart":"${day}T10:00:00Z","participants":[{"sessions":[{"sessionId":"s","metrics":[{"name":"nOffered","value":"many"}]}]}]}\n`,
    );
    const w = await openWarehouse(db);
    try {
      await expect(replaceDay(w, day, broken, 2)).rejects.toThrow();
    } finally {
      w.close();
    }
    expect(await countDay()).toBe(before);
  });
});
