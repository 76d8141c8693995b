/**
 * The DuckDB file (`@duckdb/node-api`, DuckDB's official Node client): its tables, one day
 * replaced in one transaction, the watermark, and a day's Parquet partitions.
 */
import { mkdir, rename, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { Queue } from "@/lib/genesys/schemas";
import { CREATE_MACROS, CREATE_TABLES, WAREHOUSE_TABLES, loadDaySql } from "./schema";

export type Warehouse = { connection: DuckDBConnection; close(): void };

/**
 * DuckDB's memory, bounded: past it, DuckDB spills to disk. A day loads as fast at 128 MB as at
 * 256 MB (a day of ~88,000 conversations, 290 MB of NDJSON, in 3.9 s), and the command's peak RSS
 * drops by about 150 MB. Nothing kept in memory grows with the warehouse (see dropConversationKey).
 */
const MEMORY_LIMIT = "128MB";
/**
 * A day is committed to the write-ahead log (durable at COMMIT) and folded into the database file
 * by one checkpoint at the end of the run, or whenever the log passes this size: a checkpoint
 * after every day (DuckDB's default threshold is 16MB) compresses again the row groups each day
 * appended to, and costs more than the day's load itself.
 */
const CHECKPOINT_THRESHOLD = "1GB";

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

export async function openWarehouse(file: string): Promise<Warehouse> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  // The insertion order of rows means nothing here (DuckDB streams more with it off). One thread: a day loads
  // while the next days are fetched, which needs the other cores; nested JSON gains little from
  // more threads (a day of ~23,000 conversations, 78 MB of NDJSON, loads and commits in 1.0 s with one
  // thread and 1.15 s with two on an idle 2-core machine).
  await connection.run(
    `SET memory_limit = '${MEMORY_LIMIT}'; SET preserve_insertion_order = false; SET threads = 1; SET checkpoint_threshold = '${CHECKPOINT_THRESHOLD}'`,
  );
  await dropConversationKey(connection);
  await connection.run(CREATE_TABLES);
  await connection.run(CREATE_MACROS);
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * Warehouses made by the first version declared `conversations.conversation_id` a PRIMARY KEY.
 * DuckDB keeps such an index whole in memory, so a warehouse that grows past ~2.5 million
 * conversations stops fitting in 256 MB (measured: the insert of day 26 of 100,000 a day fails
 * "Out of Memory"). Rebuilt once without it; each conversation is still stored once, because a
 * conversation belongs to the day it started and a day is replaced whole.
 */
async function dropConversationKey(connection: DuckDBConnection): Promise<void> {
  const keyed = await connection.runAndReadAll(
    "SELECT count(*)::INTEGER AS n FROM duckdb_constraints() WHERE table_name = 'conversations' AND constraint_type = 'PRIMARY KEY'",
  );
  if (!keyed.getRowObjects()[0]?.n) return;
  await connection.run("BEGIN TRANSACTION");
  try {
    await connection.run("ALTER TABLE conversations RENAME TO conversations_keyed");
    await connection.run(CREATE_TABLES);
    await connection.run("INSERT INTO conversations SELECT * FROM conversations_keyed; DROP TABLE conversations_keyed");
    await connection.run("COMMIT");
  } catch (error) {
    await connection.run("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/** Folds the run's days into the database file, with every core: nothing else is left to do. */
export async function checkpoint(w: Warehouse): Promise<void> {
  await w.connection.run(`SET threads = ${availableParallelism()}; CHECKPOINT`);
}

/** The last day synced whole, as YYYY-MM-DD, or null before the first run. */
export async function watermark(w: Warehouse): Promise<string | null> {
  const rows = (await w.connection.runAndReadAll("SELECT strftime(max(day), '%Y-%m-%d') AS day FROM sync_days")).getRowObjects();
  return (rows[0]?.day as string | null) ?? null;
}

export async function replaceQueues(w: Warehouse, queues: Pick<Queue, "id" | "name" | "division">[]): Promise<void> {
  if (queues.length === 0) return;
  const values = queues.map((q) => `(${sqlString(q.id)}, ${sqlString(q.name)}, ${q.division?.id ? sqlString(q.division.id) : "NULL"})`);
  await w.connection.run(`INSERT OR REPLACE INTO queues VALUES ${values.join(", ")}`);
}

/**
 * Replaces `day` (YYYY-MM-DD) with the conversations in `ndjsonFile`, all or nothing: an
 * interruption or an error rolls the day back to what it was.
 */
export async function replaceDay(w: Warehouse, day: string, ndjsonFile: string, conversations: number): Promise<void> {
  const c = w.connection;
  await c.run("BEGIN TRANSACTION");
  try {
    for (const table of WAREHOUSE_TABLES) await c.run(`DELETE FROM ${table} WHERE conversation_date = DATE ${sqlString(day)}`);
    await c.run(loadDaySql(ndjsonFile));
    await c.run(`INSERT OR REPLACE INTO sync_days VALUES (DATE ${sqlString(day)}, ${conversations}, now())`);
    await c.run("COMMIT");
  } catch (error) {
    await c.run("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/** `DIR/<table>/date=<day>/data.parquet` for each table, each written beside and renamed into place. */
export async function writeDayParquet(w: Warehouse, dir: string, day: string): Promise<void> {
  for (const table of WAREHOUSE_TABLES) {
    const partition = path.join(dir, table, `date=${day}`);
    await mkdir(partition, { recursive: true });
    const final = path.join(partition, "data.parquet");
    const temporary = `${final}.tmp`;
    await w.connection.run(
      `COPY (SELECT * EXCLUDE (conversation_date) FROM ${table} WHERE conversation_date = DATE ${sqlString(day)}) TO ${sqlString(temporary)} (FORMAT parquet)`,
    );
    await rename(temporary, final).catch(async (error: unknown) => {
      await rm(temporary, { force: true });
      throw error;
    });
  }
}

export async function recordRun(
  w: Warehouse,
  run: { startedAt: Date; interval: string; days: number; conversations: number; apiCalls: number; status: string },
): Promise<void> {
  const finished = new Date();
  await w.connection.run(
    `INSERT INTO sync_runs VALUES (${sqlString(run.startedAt.toISOString())}::TIMESTAMPTZ, ${sqlString(finished.toISOString())}::TIMESTAMPTZ, ` +
      `${sqlString(run.interval)}, ${run.days}, ${run.conversations}, ${run.apiCalls}, ${finished.getTime() - run.startedAt.getTime()}, ${sqlString(run.status)})`,
  );
}
