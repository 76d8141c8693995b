import "server-only";
/**
 * `npm run sync`: keeps a DuckDB file of conversation details up to date, a UTC day at a time.
 * The first run starts at `since`; later runs at the watermark (the last day synced whole) minus
 * `refetchDays`, because recent days still change (conversations still open, metrics emitted
 * late). Each day is fetched with the export (the details query or async jobs, whichever its plan
 * chooses; conversations that started that day), then replaces that day in one transaction, so a
 * run can be repeated or interrupted anywhere without duplicates or loss.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import type { GenesysClient } from "@/lib/genesys";
import type { MediaType } from "@/lib/genesys/schemas";
import { runExport } from "../run";
import { openWarehouse, recordRun, replaceDay, replaceQueues, watermark, writeDayParquet, type Warehouse } from "./warehouse";

export type SyncOptions = {
  db: string;
  parquetDir?: string;
  /** YYYY-MM-DD; default 30 days before today. Only the first run (no watermark) uses it. */
  since?: string;
  refetchDays: number;
  media: MediaType[];
  queues: string[];
  client: GenesysClient;
  environment: string;
  signal?: AbortSignal;
  now?: () => Date;
  onStart?(plan: { days: string[]; resumedFrom: string | null }): void;
  onDay?(day: { day: string; conversations: number; done: number; total: number }): void;
};

export type SyncSummary = { days: string[]; conversations: number; apiCalls: number; durationMs: number; watermark: string | null };

export const DEFAULT_SINCE_DAYS = 30;
export const DEFAULT_REFETCH_DAYS = 2;

/** The UTC days to fetch, oldest first, through today (which is fetched again next run). */
export function daysToSync(last: string | null, options: Pick<SyncOptions, "since" | "refetchDays" | "now">): string[] {
  const today = DateTime.fromJSDate(options.now?.() ?? new Date(), { zone: "utc" }).startOf("day");
  const first = last
    ? DateTime.fromISO(last, { zone: "utc" }).plus({ days: 1 - options.refetchDays })
    : options.since
      ? DateTime.fromISO(options.since, { zone: "utc" })
      : today.minus({ days: DEFAULT_SINCE_DAYS });
  const days: string[] = [];
  for (let d = first; d <= today; d = d.plus({ days: 1 })) days.push(d.toISODate()!);
  return days;
}

/** A day's conversations into an NDJSON file in `scratch`, through the export. */
async function fetchDay(day: string, scratch: string, options: SyncOptions): Promise<{ day: string; file: string; conversations: number }> {
  const start = DateTime.fromISO(day, { zone: "utc" });
  const file = path.join(scratch, `${day}.ndjson`);
  const summary = await runExport({
    spec: {
      start: start.toMillis(),
      end: start.plus({ days: 1 }).toMillis(),
      format: "ndjson",
      out: file,
      media: options.media,
      queues: options.queues,
      api: "auto",
    },
    client: options.client,
    environment: options.environment,
    signal: options.signal,
  });
  return { day, file, conversations: summary.conversations };
}

async function loadDay(w: Warehouse, fetched: { day: string; file: string; conversations: number }, options: SyncOptions): Promise<void> {
  options.signal?.throwIfAborted();
  await replaceDay(w, fetched.day, fetched.file, fetched.conversations);
  if (options.parquetDir) await writeDayParquet(w, options.parquetDir, fetched.day);
  await rm(fetched.file, { force: true });
}

export async function runSync(options: SyncOptions): Promise<SyncSummary> {
  const started = new Date();
  const w = await openWarehouse(options.db);
  const scratch = await mkdtemp(path.join(tmpdir(), "genesys-sync-"));
  const callsBefore = options.client.stats().apiCalls;
  let conversations = 0;
  const done: string[] = [];
  let status = "interrupted";
  try {
    const last = await watermark(w);
    const days = daysToSync(last, options);
    options.onStart?.({ days, resumedFrom: last });
    await replaceQueues(w, await options.client.listRoutingQueues({ signal: options.signal }));
    // The next day is fetched while this one loads: the network and DuckDB work side by side.
    let next = days[0] ? fetchDay(days[0], scratch, options) : null;
    for (let i = 0; next; i++) {
      const fetched = await next;
      next = days[i + 1] ? fetchDay(days[i + 1]!, scratch, options) : null;
      // If this load fails, the fetch in flight must not become an unhandled rejection.
      next?.catch(() => undefined);
      await loadDay(w, fetched, options);
      conversations += fetched.conversations;
      done.push(fetched.day);
      options.onDay?.({ day: fetched.day, conversations: fetched.conversations, done: done.length, total: days.length });
    }
    status = "ok";
    return {
      days: done,
      conversations,
      apiCalls: options.client.stats().apiCalls - callsBefore,
      durationMs: Date.now() - started.getTime(),
      watermark: await watermark(w),
    };
  } catch (error) {
    if (!options.signal?.aborted) status = "failed";
    throw error;
  } finally {
    const interval = done.length ? `${done[0]}/${done.at(-1)}` : "";
    await recordRun(w, {
      startedAt: started,
      interval,
      days: done.length,
      conversations,
      apiCalls: options.client.stats().apiCalls - callsBefore,
      status,
    }).catch(() => undefined);
    w.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
